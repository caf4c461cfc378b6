// Database rows in the core's read and store code are typed by their query (main/core/db/typed-sql.ts) and JSON
// columns by their zod schema: eslint.config.js refuses an `as` assertion there, and this proves the rule bites.
// Each case lints a snippet as if it lived at the given path, through ESLint's Node API and the real config.
import { beforeAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const TIMEOUT = 30_000;
const RULE = '@typescript-eslint/consistent-type-assertions';
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
}, TIMEOUT);

async function assertionErrors(code: string, filePath: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  expect(result, `no lint result for ${filePath}`).toBeDefined();
  expect(result!.messages.filter((m) => m.ruleId === null).map((m) => m.message)).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === RULE && m.severity === 2).length;
}

const CAST_ROW = "declare const db: { prepare(s: string): { get(): unknown } };\nexport const n = (db.prepare('select count(*) as n from outbox').get() as { n: number }).n;\n";
const CAST_JSON = "declare const text: string;\ntype Mutation = { id: string };\nexport const m = JSON.parse(text) as Mutation;\n";

describe('no `as` on database rows', () => {
  it.each([
    ['main/core/queries/x.ts', CAST_ROW],
    ['main/core/queries/x.ts', CAST_JSON],
    ['main/core/local-store.ts', CAST_ROW],
    ['main/core/exports/x.ts', CAST_JSON],
    ['main/core/db/x.ts', CAST_ROW],
    ['main/core/sync/bootstrap-loader.ts', CAST_JSON],
  ])('%s: a cast is refused', async (filePath, code) => {
    expect(await assertionErrors(code, filePath)).toBe(1);
  }, TIMEOUT);

  it('`as const` stays allowed', async () => {
    expect(await assertionErrors("export const kinds = ['a', 'b'] as const;\n", 'main/core/queries/x.ts')).toBe(0);
  }, TIMEOUT);
});
