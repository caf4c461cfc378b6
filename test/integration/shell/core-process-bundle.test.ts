// The core as Electron would run it: the bundled utility-process entry (dist/main/core-process.cjs, built here with
// the real Vite config), its migrations copied beside it, spoken to through the parent-port protocol. Only
// Electron itself is played by a fixture.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

describe('bundled core process', () => {
  it('starts from its bundle, applies its migrations and answers the contract with typed errors', { timeout: 120_000 }, async () => {
    await build({ configFile: here('../../../main/vite.config.ts'), logLevel: 'silent' });
    const run = spawnSync(process.execPath, [here('./fixtures/drive-core-process.cjs'), here('../../../dist/main/core-process.cjs')], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const messages = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { kind: string; id?: number; reply?: { ok: boolean; value?: unknown; error?: { code: string; field?: string } } });
    expect(messages[0]).toEqual({ kind: 'ready' });
    const replies = new Map(messages.filter((m) => m.kind === 'reply').map((m) => [m.id, m.reply!]));
    expect(replies.get(1)).toMatchObject({ ok: true, value: { signedIn: false, serverUrl: 'http://127.0.0.1:9' } });
    expect(replies.get(2)).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'id' } });
    expect(replies.get(3)).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  });
});
