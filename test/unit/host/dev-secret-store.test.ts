// Browser mode's secret store: secrets survive a restart (else every start would find the database unreadable),
// and the file is readable by its owner only.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DevFileSecretStore } from '../../../main/host/dev-secret-store';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('DevFileSecretStore', () => {
  it('keeps secrets across instances, deletes them, and writes an owner-only file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dev-secrets-'));
    dirs.push(dir);
    const file = path.join(dir, 'nested', 'secrets.json');
    await new DevFileSecretStore(file).set('a', '1');
    await new DevFileSecretStore(file).set('b', '2');
    const again = new DevFileSecretStore(file);
    expect([await again.get('a'), await again.get('b'), await again.get('c')]).toEqual(['1', '2', null]);
    await again.delete('a');
    expect(await new DevFileSecretStore(file).get('a')).toBeNull();
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
