// Entry of the core's utility process (dist/main/core-process.cjs): plain Node with Electron's parentPort as the
// only channel to the main process. No `electron` import here: the port arrives on `process.parentPort`.
import { createCore } from '../core/index';
import { runCoreProcess } from './core-process-runner';
import { createCoreLogger } from './logger';
import type { FromCore, MessageEnd } from './core-process-protocol';

type ParentPort = { postMessage(message: unknown): void; on(event: 'message', listener: (e: { data: unknown }) => void): void };
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('core-process must run as an Electron utility process');

// The main process sends `init` as soon as it forks us, before the log files are open: hold messages until then.
const early: unknown[] = [];
let deliver: ((message: unknown) => void) | null = null;
parentPort.on('message', (e) => (deliver ? deliver(e.data) : early.push(e.data)));

const port: MessageEnd<unknown, FromCore> = {
  post: (message) => parentPort.postMessage(message),
  onMessage: (listener) => {
    deliver = listener;
    early.splice(0).forEach(listener);
  },
};

void createCoreLogger(process.env.RAFAEL_LOGS_DIR, process.env.RAFAEL_LOG_LEVEL ?? 'info').then((logger) => {
  runCoreProcess(port, (options) => createCore({ ...options, logger }), logger);
});
