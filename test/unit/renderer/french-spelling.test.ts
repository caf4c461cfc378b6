// One spelling for one word: the guides write « préinscription », and so does every sentence the app shows, whether
// the renderer's catalogue, a rule's refusal from shared/, the core's messages or the server's.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (name === 'node_modules' || name === 'migrations') return [];
    return statSync(file).isDirectory() ? sources(file) : /\.(tsx?|json)$/.test(name) ? [file] : [];
  });
}

describe('French spelling', () => {
  it('writes « préinscription » in one word everywhere', () => {
    const offenders = ['renderer/src', 'shared', 'main', 'server'].flatMap(sources).flatMap((file) =>
      readFileSync(file, 'utf8').split('\n').flatMap((line, i) => (/pré-inscri/i.test(line) ? [`${file}:${i + 1}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});
