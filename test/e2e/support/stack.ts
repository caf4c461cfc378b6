// The whole application for one end-to-end run: the reference server (demo data), a proxy that can cut the
// core off from it, the real core on a temporary data directory, and the headless host serving the built renderer.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReferenceServer, type ReferenceServer } from '../../../server/index';
import { createCore, type Core } from '../../../main/core/index';
import { MemorySecretStore } from '../../../main/core/platform';
import { startHeadlessHost, type HeadlessHost } from '../../../main/host/headless-host';
import { startToggleProxy, type ToggleProxy } from './toggle-proxy';

export interface Stack {
  server: ReferenceServer;
  proxy: ToggleProxy;
  host: HeadlessHost;
  /** The core behind the host, and the built renderer it serves (to start another host on them). */
  core: Core;
  staticDir: string;
  /** The core's keychain stand-in (tests read the bearer token from it). */
  secrets: MemorySecretStore;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const server = await startReferenceServer({ seed: 'demo' });
  const proxy = await startToggleProxy(server.url);
  const dataDir = await mkdtemp(join(tmpdir(), 'rafael-e2e-'));
  const secrets = new MemorySecretStore();
  const core = await createCore({ dataDir, serverUrl: proxy.url, secrets });
  const staticDir = fileURLToPath(new URL('../../../dist/renderer', import.meta.url));
  const host = await startHeadlessHost({ core, staticDir });
  const stack: Stack = {
    server,
    proxy,
    host,
    core,
    staticDir,
    secrets,
    async close() {
      await stack.host.close();
      await core.close();
      await proxy.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}
