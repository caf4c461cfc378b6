// Browser mode's address survives a restart (same port, same token), so an open or reloaded tab reconnects; the file
// is owner-only; a port taken by another program gives a new port but keeps the token.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcHandlers } from '../../../shared/ipc/contract';
import { readHostAddress, startHostAtSavedAddress } from '../../../main/host/persistent-address';
import type { HeadlessHost } from '../../../main/host/headless-host';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'host-address-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'browser', 'host.json');
}

async function start(addressFile: string): Promise<HeadlessHost> {
  return startHostAtSavedAddress({ handlers: {} as IpcHandlers, addressFile });
}

describe('startHostAtSavedAddress', () => {
  it('comes back on the same port with the same token, and keeps them in an owner-only file', async () => {
    const file = tempFile();
    const first = await start(file);
    await first.close();
    const second = await start(file);
    cleanup.push(() => second.close());
    expect([second.port, second.token]).toEqual([first.port, first.token]);
    expect(second.url).toBe(first.url);
    expect(readHostAddress(file)).toEqual({ port: first.port, token: first.token });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('takes a new port but keeps the token when the saved port is busy', async () => {
    const file = tempFile();
    const first = await start(file);
    await first.close();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(first.port, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => squatter.close(resolve)));
    const second = await start(file);
    cleanup.push(() => second.close());
    expect(second.port).not.toBe(first.port);
    expect(second.token).toBe(first.token);
    expect(readHostAddress(file)?.port).toBe(second.port);
  });

  it('makes a new address when the saved one is damaged', async () => {
    const file = tempFile();
    const first = await start(file);
    await first.close();
    writeFileSync(file, '{"port": "x"');
    const second = await start(file);
    cleanup.push(() => second.close());
    expect(second.token).not.toBe(first.token);
    expect(readHostAddress(file)).toEqual({ port: second.port, token: second.token });
  });
});
