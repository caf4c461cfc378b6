// The text primitive of shared/protocol (issue 10, finding 1), and the guard that keeps it on every HTTP string: a
// new string field built with a bare z.string() fails this test instead of reaching PostgreSQL with a NUL byte.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CalendarDate } from '../../../shared/domain/calendar-date';
import { SAFE_TEXT, SAFE_TEXT_MESSAGE, isSafeText, safeText } from '../../../shared/protocol/text';
import * as accounts from '../../../shared/protocol/accounts';
import * as admin from '../../../shared/protocol/admin';
import * as entities from '../../../shared/protocol/entities';
import * as eos from '../../../shared/protocol/eos';
import * as sync from '../../../shared/protocol/sync';

describe('safeText', () => {
  it('refuses NUL and unpaired surrogates, keeps well-formed pairs and ordinary text', () => {
    for (const bad of ['\u0000', 'a\u0000b', 'a\ud800', '\udc00a', 'a\ud83db', '\ude00\ud83d']) expect(isSafeText(bad), JSON.stringify(bad)).toBe(false);
    for (const good of ['', 'Zoé', 'l’Île-d’Yeu', '🌻 fleur', 'ligne 1\nligne 2', '=SOMME(A1)']) expect(isSafeText(good), good).toBe(true);
  });

  it('bounds the length (of the raw input) and chains with trim and min, the refusal carrying its own message', () => {
    const name = safeText(8).trim().min(1);
    expect(name.parse('  Léa ')).toBe('Léa');
    expect(name.safeParse('x'.repeat(9)).success).toBe(false);
    expect(name.safeParse('   ').success).toBe(false);
    expect(name.safeParse('a\u0000').error?.issues[0]?.message).toBe(SAFE_TEXT_MESSAGE);
  });
});

/** Formats whose own pattern admits ASCII only (so never NUL nor a surrogate), and the schemas known to be such. */
const SAFE_FORMATS = new Set(['email', 'uuid', 'datetime']);
const SAFE_SCHEMAS = new Set<unknown>([CalendarDate]);

type Def = {
  type: string;
  format?: string;
  checks?: unknown[];
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
  out?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  valueType?: z.ZodType;
  keyType?: z.ZodType;
};

/** Paths of the string leaves that do not carry the safe-text check. */
function unguardedStrings(schema: z.ZodType, path: string, seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const walk = (child: z.ZodType | undefined, sub: string) => (child ? unguardedStrings(child, sub, seen) : []);
  switch (def.type) {
    case 'string':
      if (SAFE_SCHEMAS.has(schema) || (def.format && SAFE_FORMATS.has(def.format)) || def.checks?.includes(SAFE_TEXT)) return [];
      return [path];
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, child]) => walk(child, `${path}.${key}`));
    case 'array':
      return walk(def.element, `${path}[]`);
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
      return walk(def.innerType, path);
    case 'union':
      return (def.options ?? []).flatMap((o, i) => walk(o, `${path}|${i}`));
    case 'pipe':
      return [...walk(def.in, path), ...walk(def.out, path)];
    case 'intersection':
      return [...walk(def.left, path), ...walk(def.right, path)];
    case 'record':
      return [...walk(def.keyType, `${path}{key}`), ...walk(def.valueType, `${path}{}`)];
    default:
      return [];
  }
}

describe('every string of the HTTP protocol', () => {
  it('goes through the text primitive (or a strictly ASCII format)', () => {
    const modules = { accounts, admin, entities, eos, sync };
    const unguarded: string[] = [];
    let walked = 0;
    for (const [moduleName, exports] of Object.entries(modules)) {
      for (const [name, value] of Object.entries(exports)) {
        if (!(value instanceof z.ZodType)) continue;
        walked++;
        unguarded.push(...unguardedStrings(value, `${moduleName}.${name}`));
      }
    }
    expect(walked).toBeGreaterThan(40);
    expect(unguarded).toEqual([]);
  });

  it('the guard itself sees a bare string', () => {
    expect(unguardedStrings(z.object({ a: z.array(z.object({ b: z.string().nullable() })) }), 'x')).toEqual(['x.a[].b']);
  });
});
