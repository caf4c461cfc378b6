// The snapshot's body as the core downloads it (server-client.ts over undecoded-fetch.ts): asked for in brotli,
// decompressed by the core in large pieces, the same bytes whatever the encoding; a body cut short or in an encoding
// the core did not ask for fails loudly; the server's refusals keep their meaning.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerCallError, ServerClient } from '../../../main/core/sync/server-client';

/** Two thousand NDJSON lines, ~1.3 MB: many pieces once decompressed, whatever their size. */
const BODY = Buffer.from(Array.from({ length: 2000 }, (_, i) => `${JSON.stringify({ kind: 'candidatures', row: { id: `c-${i}`, text: 'é'.repeat(300) } })}\n`).join(''));

let server: http.Server;
let url: string;
const asked: (string | undefined)[] = [];
/** How the next snapshot is answered. */
let answer: (res: http.ServerResponse) => void;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    asked.push(req.headers['accept-encoding']);
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () => new ServerClient({ serverUrl: url, getToken: () => 't', retries: 0, timeoutMs: 2000 });

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return Buffer.concat(parts);
    parts.push(value);
  }
}

function send(encoding: string | null, bytes: Buffer): (res: http.ServerResponse) => void {
  return (res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson', ...(encoding ? { 'content-encoding': encoding } : {}) });
    // In small writes, as a server flushing its compressor would.
    for (let i = 0; i < bytes.length; i += 4096) res.write(bytes.subarray(i, i + 4096));
    res.end();
  };
}

describe('the snapshot download', () => {
  it.each([
    ['br', brotliCompressSync(BODY)],
    ['gzip', gzipSync(BODY)],
    [null, BODY],
  ] as const)('asks for brotli first and reads the same bytes from a body in %s', async (encoding, bytes) => {
    answer = send(encoding, bytes);
    const from = asked.length;
    const body = await readAll(await client().snapshot('s1', new AbortController().signal));
    expect(body.equals(BODY)).toBe(true);
    expect(asked.slice(from)).toEqual(['br, gzip']);
  });

  it('fails the reader of a compressed body cut short, rather than ending it as if complete', async () => {
    const bytes = brotliCompressSync(BODY);
    answer = (res) => {
      res.writeHead(200, { 'content-encoding': 'br' });
      res.end(bytes.subarray(0, Math.floor(bytes.length / 2)));
    };
    const body = await client().snapshot('s1', new AbortController().signal);
    await expect(readAll(body)).rejects.toThrow();
  });

  it('fails the reader when the connection drops mid-body', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write(BODY.subarray(0, 100_000), () => res.socket?.destroy());
    };
    const body = await client().snapshot('s1', new AbortController().signal);
    await expect(readAll(body)).rejects.toThrow();
  });

  it('refuses a body in an encoding it did not ask for, naming it', async () => {
    answer = send('zstd', BODY);
    await expect(client().snapshot('s1', new AbortController().signal)).rejects.toMatchObject({
      kind: 'malformed',
      reason: { key: 'serverMalformed', params: { detail: 'snapshot content-encoding zstd' } },
    });
  });

  it('keeps the meaning of the server\'s refusals: 401 needs a sign-in, 410 a resync', async () => {
    answer = (res) => res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'UNAUTHENTICATED', message: 'Session expirée' }));
    await expect(client().snapshot('s1', new AbortController().signal)).rejects.toMatchObject({ kind: 'unauthenticated', status: 401 });
    answer = (res) => res.writeHead(410, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'RESYNC_REQUIRED', message: 'Resynchronisation' }));
    await expect(client().snapshot('s1', new AbortController().signal)).rejects.toMatchObject({ kind: 'resync' });
  });

  it('stops when its signal aborts, and a server that never answers is a timeout', async () => {
    answer = () => undefined; // never answers
    const aborted = new AbortController();
    const pending = client().snapshot('s1', aborted.signal);
    aborted.abort();
    await expect(pending).rejects.toBeInstanceOf(ServerCallError);
    const slow = new ServerClient({ serverUrl: url, getToken: () => 't', retries: 0, timeoutMs: 200 });
    await expect(slow.snapshot('s1', new AbortController().signal)).rejects.toMatchObject({ kind: 'unreachable', reason: { key: 'serverTimeout' } });
  });
});
