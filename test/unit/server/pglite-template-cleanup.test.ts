// Each PGlite template key leaves a ~5 MB file in the temp dir: the ones no run has used for a while go, and nothing
// else does (another kind of template, a file being written, the one in use).
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { removeStaleTemplates } from '../../../server/db/pglite-template';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('removes the unused templates of its own kind only, and never the one it keeps', () => {
  dir = mkdtempSync(path.join(tmpdir(), 'templates-'));
  const hourAgo = new Date(Date.now() - 3_600_000);
  const file = (name: string, used: Date | null) => {
    const at = path.join(dir, name);
    writeFileSync(at, 'x');
    if (used) utimesSync(at, used, used);
    return at;
  };
  const stale = file('rafael-server-pglite-0123456789abcdef.tar.gz', hourAgo);
  const kept = file('rafael-server-pglite-fedcba9876543210.tar.gz', hourAgo);
  const recent = file('rafael-server-pglite-00112233445566aa.tar.gz', null);
  const prepared = file('rafael-server-pglite-prepared-0123456789abcdef.tar.gz', hourAgo);
  const partial = file('rafael-server-pglite-0123456789abcdef.tar.gz.4242.tmp', hourAgo);
  const foreign = file('something-else.tar.gz', hourAgo);

  removeStaleTemplates(dir, 'rafael-server-pglite-', kept);

  expect(existsSync(stale)).toBe(false);
  expect([kept, recent, prepared, partial, foreign].filter((f) => !existsSync(f))).toEqual([]);
  removeStaleTemplates(dir, 'rafael-server-pglite-prepared-', kept);
  expect(existsSync(prepared)).toBe(false);
});
