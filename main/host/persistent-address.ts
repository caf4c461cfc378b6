// Browser mode keeps its address across restarts: the same port and the same token, saved beside the development
// data (.data/browser, owner-only file). A tab left open while the host restarts, or reloaded after, reconnects to
// the new host by itself; a fresh random port and token at each start left every open tab dead.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startHeadlessHost, type HeadlessHost, type HeadlessHostOptions } from './headless-host';

export type HostAddress = { port: number; token: string };

/** The saved address, or null when absent or unreadable (then a new one is made). */
export function readHostAddress(file: string): HostAddress | null {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<HostAddress>;
    const portOk = Number.isInteger(value.port) && value.port! > 0 && value.port! < 65536;
    const tokenOk = typeof value.token === 'string' && /^[A-Za-z0-9_-]{32,}$/.test(value.token);
    return portOk && tokenOk ? { port: value.port!, token: value.token! } : null;
  } catch {
    return null;
  }
}

export function writeHostAddress(file: string, address: HostAddress): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(address), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';
}

/**
 * Starts the host on the saved address (or `port` when given, e.g. RAFAEL_HOST_PORT), and saves what it got. When the
 * saved port is taken by another program, a new port is chosen and saved; the token stays, so only the address
 * printed at start changes.
 */
export async function startHostAtSavedAddress(
  options: Omit<HeadlessHostOptions, 'port' | 'token'> & { addressFile: string; port?: number },
  start: (o: HeadlessHostOptions) => Promise<HeadlessHost> = startHeadlessHost,
): Promise<HeadlessHost> {
  const { addressFile, port: wanted, ...hostOptions } = options;
  const saved = readHostAddress(addressFile);
  const token = saved?.token ?? randomBytes(24).toString('base64url');
  const port = wanted ?? saved?.port ?? 0;
  let host: HeadlessHost;
  try {
    host = await start({ ...hostOptions, port, token });
  } catch (error) {
    if (!isAddressInUse(error) || wanted !== undefined || port === 0) throw error;
    host = await start({ ...hostOptions, port: 0, token });
  }
  writeHostAddress(addressFile, { port: host.port, token });
  return host;
}
