// A client core in its own Node process, as Electron runs it in a utility process: the real core-process runner
// (main/shell/core-process-runner.ts) behind a port made of Node's fork channel. The campaign's parent process plays
// Electron's main process (it keeps the secrets, so a core killed with SIGKILL restarts on the same encrypted
// database) and can kill this process at any instant. Settings come in the environment so the bundle stays generic.
import { createCore } from '../../main/core/index';
import { runCoreProcess } from '../../main/shell/core-process-runner';
import type { FromCore, MessageEnd } from '../../main/shell/core-process-protocol';

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
// The server's business clock runs at a fixed offset from the real one; the client's clock follows it.
const clockOffsetMs = env('SOAK_CLOCK_OFFSET_MS', 0);

const port: MessageEnd<unknown, FromCore> = {
  post: (message) => {
    // The parent may already be gone (campaign interrupted): nothing left to tell.
    if (process.connected) process.send!(message);
  },
  onMessage: (listener) => {
    process.on('message', (message) => listener(message));
  },
};

process.on('disconnect', () => process.exit(0));

runCoreProcess(port, (options) =>
  createCore({
    ...options,
    clock: () => new Date(Date.now() + clockOffsetMs),
    httpTimeoutMs: env('SOAK_HTTP_TIMEOUT_MS', 1500),
    httpRetries: env('SOAK_HTTP_RETRIES', 1),
    syncIntervalMs: env('SOAK_SYNC_INTERVAL_MS', 1000),
    pushDelayMs: env('SOAK_PUSH_DELAY_MS', 50),
    pageSize: env('SOAK_PAGE_SIZE', 250),
    // Short, so a run converges quickly; long enough that users take back or edit some decisions before they leave,
    // and that some are still held when a kill lands.
    undoWindowMs: env('SOAK_UNDO_WINDOW_MS', 800),
  }),
);
