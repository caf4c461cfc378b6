// The French catalogue is the reference and English follows it key for key; every literal key the renderer asks
// for exists, so no screen ever shows a raw key like "avis.confirm".
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fr from '../../../renderer/src/i18n/fr.json';
import en from '../../../renderer/src/i18n/en.json';

type Catalogue = { [key: string]: string | Catalogue };

function flatten(c: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(c)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : /\.tsx?$/.test(name) ? [file] : [];
  });
}

const frKeys = flatten(fr as Catalogue);
const enKeys = flatten(en as Catalogue);
/** i18next plural forms: a key used as "x" may exist as "x_one" / "x_other". */
const known = (key: string) => frKeys.has(key) || frKeys.has(`${key}_other`);

describe('translation catalogues', () => {
  it('English has exactly the French keys', () => {
    expect([...enKeys.keys()].sort()).toEqual([...frKeys.keys()].sort());
  });

  it('no translation is empty', () => {
    for (const [key, value] of [...frKeys, ...enKeys]) expect(value.trim(), key).not.toBe('');
  });

  it('keeps the same interpolation variables in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    for (const [key, value] of frKeys) expect(vars(enKeys.get(key) ?? ''), key).toEqual(vars(value));
  });

  it('every literal key the renderer uses exists', () => {
    const used = new Set<string>();
    for (const file of sources('renderer/src')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((key) => !known(key))).toEqual([]);
  });
});
