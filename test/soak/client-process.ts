// The parent side of a client core process (test/soak/core-child.ts): forks it, answers its secret requests from a
// store that outlives the process (as Electron's main process and the OS keychain do), sends contract calls, and
// kills it with SIGKILL on demand. The child is bundled once per campaign with esbuild: starting it then costs a
// plain `node` start, not a TypeScript compile, so a kill and restart fits in a short run.
import { fork, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { IpcReply } from '../../shared/ipc/contract';
import { FromCore } from '../../main/shell/core-process-protocol';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

/**
 * Bundles the child under node_modules/.cache (so its npm imports resolve from the repository's node_modules),
 * with the core's migrations beside it, where main/core/db/open-database.ts looks for them.
 */
export async function bundleCoreChild(): Promise<string> {
  const outDir = path.join(repo, 'node_modules', '.cache', 'rafael-soak');
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `core-child-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(here, 'core-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  cpSync(path.join(repo, 'main', 'core', 'db', 'migrations'), path.join(outDir, 'migrations'), { recursive: true });
  return outfile;
}

export class ProcessKilled extends Error {
  constructor() {
    super('client process killed');
  }
}

export type ClientSettings = { clockOffsetMs: number; httpTimeoutMs: number; httpRetries: number; syncIntervalMs: number; pushDelayMs: number };

/** One user's installation: a data directory and keychain that survive any number of process lives. */
export class ClientProcess {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(reply: IpcReply): void; reject(error: Error): void }>();
  private readonly secrets = new Map<string, string>();
  private ready: Promise<void> | null = null;
  /** How many times this installation's process was killed. */
  kills = 0;

  constructor(
    readonly name: string,
    private readonly bundle: string,
    readonly dataDir: string,
    private readonly serverUrl: string,
    private readonly settings: ClientSettings,
    private readonly onFatal: (name: string, message: string) => void,
  ) {}

  get alive(): boolean {
    return this.child !== null;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Starts the process and resolves once the core answers calls. */
  start(): Promise<void> {
    if (this.ready) return this.ready;
    mkdirSync(this.dataDir, { recursive: true });
    const child = fork(this.bundle, [], {
      // Not the parent's flags: under tsx they would load the TypeScript loader into a plain JavaScript bundle.
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: {
        ...process.env,
        SOAK_CLOCK_OFFSET_MS: String(this.settings.clockOffsetMs),
        SOAK_HTTP_TIMEOUT_MS: String(this.settings.httpTimeoutMs),
        SOAK_HTTP_RETRIES: String(this.settings.httpRetries),
        SOAK_SYNC_INTERVAL_MS: String(this.settings.syncIntervalMs),
        SOAK_PUSH_DELAY_MS: String(this.settings.pushDelayMs),
      },
    });
    this.child = child;
    // Sending to a process killed a moment ago fails with EPIPE: the call is answered by the 'exit' handler below.
    child.on('error', () => undefined);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    this.ready = new Promise<void>((resolve, reject) => {
      child.on('message', (raw) => {
        const parsed = FromCore.safeParse(raw);
        if (!parsed.success) return;
        const message = parsed.data;
        switch (message.kind) {
          case 'ready':
            resolve();
            return;
          case 'fatal':
            this.onFatal(this.name, message.message);
            reject(new Error(`${this.name}: ${message.message}`));
            return;
          case 'secret': {
            if (message.op === 'set' && message.value !== undefined) this.secrets.set(message.name, message.value);
            if (message.op === 'delete') this.secrets.delete(message.name);
            const value = message.op === 'get' ? (this.secrets.get(message.name) ?? null) : null;
            child.send({ kind: 'secret-reply', id: message.id, value });
            return;
          }
          case 'reply': {
            const call = this.pending.get(message.id);
            this.pending.delete(message.id);
            call?.resolve(message.reply);
            return;
          }
          default:
            return;
        }
      });
      child.on('exit', (code, signal) => {
        if (this.child === child) {
          this.child = null;
          this.ready = null;
        }
        const error = signal === 'SIGKILL' ? new ProcessKilled() : new Error(`${this.name} exited (${code ?? signal}): ${stderr.trim().slice(-1500)}`);
        if (signal !== 'SIGKILL') this.onFatal(this.name, error.message);
        for (const call of this.pending.values()) call.reject(error);
        this.pending.clear();
        reject(error);
      });
    });
    child.send({ kind: 'init', dataDir: this.dataDir, serverUrl: this.serverUrl, online: true });
    return this.ready;
  }

  /** A contract call as the renderer makes it: the reply envelope, or ProcessKilled if the process died first. */
  async call(channel: string, input: unknown): Promise<IpcReply> {
    await this.start();
    const child = this.child;
    if (!child) throw new ProcessKilled();
    const id = this.nextId++;
    return new Promise<IpcReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      child.send({ kind: 'call', id, channel, input }, (error) => {
        if (!error || !this.pending.has(id)) return;
        this.pending.delete(id);
        reject(new ProcessKilled());
      });
    });
  }

  /** The value of a call that must succeed. */
  async value<T>(channel: string, input: unknown): Promise<T> {
    const reply = await this.call(channel, input);
    if (!reply.ok) throw new Error(`${this.name} ${channel}: ${reply.error.code} ${reply.error.message}`);
    return reply.value as T;
  }

  /** SIGKILL: no close, no flush, whatever the core was doing. Resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.kills += 1;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }

  /** A graceful stop (the app quitting), used at the end of a campaign. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.send({ kind: 'shutdown' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('message', (m: { kind?: string }) => {
      if (m?.kind === 'closed') child.kill('SIGTERM');
    });
    await gone;
    clearTimeout(timer);
  }
}
