// Entry of the core's utility process (dist/main/core-process.cjs): plain Node with Electron's parentPort as the
// only channel to the main process. No `electron` import here: the port arrives on `process.parentPort`.
import pino from 'pino';
import { createCore } from '../core/index';
import { runCoreProcess } from './core-process-runner';
import type { FromCore, MessageEnd } from './core-process-protocol';

type ParentPort = { postMessage(message: unknown): void; on(event: 'message', listener: (e: { data: unknown }) => void): void };
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('core-process must run as an Electron utility process');

const port: MessageEnd<unknown, FromCore> = {
  post: (message) => parentPort.postMessage(message),
  onMessage: (listener) => parentPort.on('message', (e) => listener(e.data)),
};
const logger = pino({ level: process.env.RAFAEL_LOG_LEVEL ?? 'info', redact: { paths: ['*.email', '*.password', '*.token', '*.firstName', '*.lastName'], censor: '[masqué]' } });
runCoreProcess(port, (options) => createCore({ ...options, logger }), logger);
