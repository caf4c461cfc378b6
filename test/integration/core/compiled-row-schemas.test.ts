// The core checks synced rows with their schemas compiled by zod (main/core/compiled-row-schemas.ts). They must
// accept, return and refuse exactly what the schemas in shared/protocol do, with the same issues (the loader and the
// pull name the field from them): checked here on every row of a real snapshot, and on each row of every kind with
// each of its fields replaced by valid and invalid values.
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Action, Candidature, EntryPoint, PreRegistration, Session } from '../../../shared/protocol/entities';
import { SnapshotRow } from '../../../shared/protocol/snapshot';
import { CompiledSnapshotRow, compiledRowSchemas } from '../../../main/core/compiled-row-schemas';
import { seededSnapshotLines } from './seeded-snapshot';

const declared = { actions: Action, sessions: Session, entryPoints: EntryPoint, candidatures: Candidature, preRegistrations: PreRegistration };
const KINDS = Object.keys(declared) as (keyof typeof declared)[];

let rows: { kind: string; row: Record<string, unknown> }[];
beforeAll(async () => {
  rows = (await seededSnapshotLines(300)).map((line) => JSON.parse(line) as { kind: string; row: Record<string, unknown> }).filter((line) => 'row' in line);
});

/** What a caller reads from a parse: success, the value, or the issues (paths, codes, messages). */
function outcome(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(structuredClone(input));
  return result.success ? { success: true, data: result.data } : { success: false, issues: result.error.issues };
}

/** Every path inside the row: the row itself ([]), each nested object, and each value. */
function paths(value: unknown, at: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [at];
  return [at, ...Object.entries(value).flatMap(([key, inner]) => paths(inner, [...at, key]))];
}

function replaced(row: Record<string, unknown>, path: string[], value: unknown): unknown {
  if (path.length === 0) return value === MISSING ? undefined : value;
  const copy = structuredClone(row);
  let target = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  if (value === MISSING) delete target[path.at(-1)!];
  else target[path.at(-1)!] = value;
  return copy;
}

const MISSING = Symbol('missing');
/** Values put in place of each field in turn: of every type, at and across the schemas' bounds, and unsafe text. */
const REPLACEMENTS: unknown[] = [
  MISSING, null, undefined, true, 0, -1, 1.5, 2 ** 53, Number.NaN, '', ' ', '  Ana  ', 'x', 'x'.repeat(64), 'x'.repeat(65),
  'x'.repeat(201), 'x'.repeat(5000), 'a\0b', 'a\ud800b', '😀'.repeat(40), '2024-02-29', '2023-02-29', '2025-13-01', '2025-3-1',
  '2025-03-01T09:15:00.000Z', '2025-03-01T09:15:00+01:00', '2025-03-01 09:15', 'ana@exemple.fr', 'ana@', 'https://exemple.fr/a',
  'ftp://exemple.fr', '06 12 34 56 78', '+33 6 12 34 56 78', '12345', 'RETENUE', 'EN_ATTENTE', 'SIMPLE', 'candidatures',
  '73282932000074', '73282932000075', {}, [], { extra: 1 },
];

describe('the compiled row schemas', () => {
  it('each compile whole (nothing in them left to the slower runtime parser)', () => {
    for (const schema of [SnapshotRow, ...Object.values(declared)]) expect(() => z.compile(schema, { strict: true })).not.toThrow();
  });

  it('return what the declared schemas return for every row of a real snapshot', () => {
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(KINDS.filter((k) => k !== 'preRegistrations')));
    for (const line of rows) {
      const expected = outcome(SnapshotRow, line);
      expect(expected.success).toBe(true);
      expect(outcome(CompiledSnapshotRow, line)).toEqual(expected);
      expect(outcome(compiledRowSchemas[line.kind as keyof typeof declared], line.row)).toEqual(outcome(declared[line.kind as keyof typeof declared], line.row));
    }
  });

  it('accept, return and refuse the same, with the same issues, when any field of a row of any kind is changed', () => {
    const samples = KINDS.flatMap((kind) => {
      const ofKind = rows.filter((r) => r.kind === kind);
      // Candidatures in every state (their retained and non-retained details differ); a pre-registration is made
      // from a candidature's shape when the snapshot has none.
      const picked = kind === 'candidatures' ? [...new Map(ofKind.map((r) => [r.row.state, r])).values()] : ofKind.slice(0, 2);
      return picked.length > 0 ? picked : [{ kind, row: preRegistrationLike(rows.find((r) => r.kind === 'candidatures')!.row) }];
    });
    let refused = 0;
    let accepted = 0;
    for (const { kind, row } of samples) {
      const schemas = [[declared[kind as keyof typeof declared], compiledRowSchemas[kind as keyof typeof declared]], [SnapshotRow, CompiledSnapshotRow]] as const;
      for (const path of paths(row)) {
        for (const value of [...REPLACEMENTS, { ...(row as object), unknownKey: 1 }]) {
          const input = replaced(row, path, value);
          for (const [plain, compiled] of schemas) {
            const line = plain === SnapshotRow ? { kind, row: input } : input;
            const expected = outcome(plain, line);
            expect(outcome(compiled, line), `${kind} ${path.join('.')} = ${String(value).slice(0, 40)}`).toEqual(expected);
            if (expected.success) accepted++;
            else refused++;
          }
        }
      }
    }
    // The replacements reach both sides of the schemas' rules.
    expect(accepted).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(2000);
  });
});

function preRegistrationLike(candidature: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'pre-1', sessionId: candidature.sessionId, prescriberStructureId: 'presc-1', createdByUserId: 'user-1', createdByName: 'Ana Conseil',
    createdByProfile: 'PRESCRIPTEUR_N1', candidate: candidature.candidate, status: 'BROUILLON', candidatureId: null, createdAt: candidature.createdAt, version: 1,
  };
}
