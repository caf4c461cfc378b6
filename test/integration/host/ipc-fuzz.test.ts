// Every channel of the IPC contract, fuzzed over the headless host's WebSocket as a hostile page would drive it,
// against a real core signed in to the reference server (fast-check, fixed seed). Inputs the channel's schema
// refuses must come back as a typed VALIDATION error naming a field, with no side effect; inputs the schema allows
// but that are hostile (NUL, unpaired surrogates, full-text syntax, SQL, ids that exist nowhere) must get an answer
// or a typed error, never INTERNAL; malformed frames must leave the host answering. The local data must not move.
import fc from 'fast-check';
import WebSocket from 'ws';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, IpcReply, ipcChannels, type ChannelName } from '../../../shared/ipc/contract';
import { TOKEN_PARAM, WIRE_PATH } from '../../../shared/ipc/wire';
import { startHeadlessHost, type HeadlessHost } from '../../../main/host/headless-host';
import type { ReferenceServer } from '../../../server/index';
import { startSignedIn, type CoreUnderTest } from '../core/core-harness';
import { startTestServer } from '../server/harness';
import { hostileFor, places, poisonedText, sample, setAt, type JsonSchema } from '../server/hostile-inputs';

const SEED = 20250616;

let server: ReferenceServer;
let t: CoreUnderTest;
let host: HeadlessHost;
let socket: WireSocket;
const logged: string[] = [];

/** A raw client of the host's wire: calls by id, and frames of any shape. */
class WireSocket {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: unknown) => void>();
  closedWith: number | null = null;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; reply?: unknown };
      if (typeof message.id === 'number') this.waiting.get(message.id)?.(message.reply);
    });
    ws.on('close', (code) => (this.closedWith = code));
  }
  static open(h: HeadlessHost): Promise<WireSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}${WIRE_PATH}?${TOKEN_PARAM}=${encodeURIComponent(h.token)}`, { origin: h.origin });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new WireSocket(ws)));
      ws.once('error', reject);
    });
  }
  call(channel: unknown, input: unknown): Promise<IpcReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${String(channel)} within 20 s`)), 20_000);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(IpcReply.parse(reply));
      });
      this.ws.send(JSON.stringify({ id, channel, input }));
    });
  }
  raw(frame: string | Buffer): void {
    this.ws.send(frame);
  }
}

beforeAll(async () => {
  server = await startTestServer();
  t = await startSignedIn(server, 'manager@demo.test');
  host = await startHeadlessHost({ core: t.core, logger: { error: (details, message) => logged.push(`${message} ${JSON.stringify(details)}`) } });
  socket = await WireSocket.open(host);
}, 120_000);
afterAll(async () => {
  socket?.ws.close();
  await host?.close();
  await t?.dispose();
  await server?.close();
});

/** What the user could see change: the session, the queue, the conflicts and the data as the screens read it. */
async function observable(): Promise<string> {
  const read = async (channel: ChannelName, input: unknown) => {
    const reply = await socket.call(channel, input);
    if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`);
    return reply.value;
  };
  const status = (await read('sync.getStatus', {})) as Record<string, unknown>;
  return JSON.stringify([
    await read('app.getState', {}), await read('outbox.list', {}), await read('conflicts.list', {}), await read('dashboard.get', {}),
    await read('candidatures.list', { filters: {}, offset: 0, limit: 1000 }), await read('sessions.list', { filters: {}, offset: 0, limit: 1000 }),
    { pending: status.pendingCount, conflicts: status.conflictCount, signIn: status.needsSignIn },
  ]);
}

function jsonSchemaOf(channel: ChannelName): JsonSchema | null {
  try {
    return z.toJSONSchema(ipcChannels[channel].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return null;
  }
}

/** Inputs the channel's own schema refuses: wrong shapes, and plausible inputs with one hostile field. */
function refusedInputs(channel: ChannelName): fc.Arbitrary<unknown> {
  const schema = jsonSchemaOf(channel);
  const options: fc.Arbitrary<unknown>[] = [
    fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }),
    fc.constantFrom<unknown>(null, undefined, 'x'.repeat(1_000_000), [], 0, true, JSON.parse('{"__proto__":{"signedIn":true}}')),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'toString')), poisonedText, { minKeys: 1, maxKeys: 4 }),
  ];
  if (schema) {
    const base = sample(schema);
    const spots = places(schema, base);
    if (spots.length) options.push(fc.constantFrom(...spots).chain((spot) => hostileFor(spot.schema).map((value) => setAt(base, spot.path, value))));
    options.push(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), poisonedText).map(([k, v]) => ({ ...(base as object), [`${k}_inconnu`]: v })));
  }
  return fc.oneof(...options).filter((input) => !ipcChannels[channel].input.safeParse(input).success);
}

/** Text the schemas allow in searches and ids, chosen to trip a query builder: FTS5 syntax, SQL, odd Unicode. */
const awkwardText = fc.oneof(
  poisonedText,
  fc.constantFrom('"', '""', '*', 'NEAR(', ')', 'a OR', 'NOT', 'AND NOT b', '-x', ':', '^a', "'", "'; drop table outbox; --", '%', '_', '\\', 'col:val', '{a b}', '\u200b', '🙂', 'é'.normalize('NFD')),
  fc.string({ maxLength: 40 }),
);

describe('every IPC channel over the headless host', () => {
  it('refuses each malformed input with a typed VALIDATION error naming the field, and changes nothing', { timeout: 600_000 }, async () => {
    expect(CHANNEL_NAMES.length).toBeGreaterThanOrEqual(30);
    const before = await observable();
    const failures: string[] = [];
    for (const channel of CHANNEL_NAMES) {
      await fc.assert(
        fc.asyncProperty(refusedInputs(channel), async (input) => {
          const reply = await socket.call(channel, input);
          if (reply.ok || reply.error.code !== 'VALIDATION' || !reply.error.field) {
            throw new Error(`${channel} ${JSON.stringify(input)?.slice(0, 200)} → ${JSON.stringify(reply).slice(0, 300)}`);
          }
        }),
        { seed: SEED, numRuns: 15, endOnFailure: true },
      ).catch((error: unknown) => failures.push(error instanceof Error ? error.message.split('\n').slice(0, 4).join('\n') : String(error)));
    }
    expect(failures).toEqual([]);
    expect(await observable()).toBe(before);
  });

  it('answers hostile searches, filters and ids the schemas allow, never with INTERNAL, and changes nothing', { timeout: 600_000 }, async () => {
    const before = await observable();
    const calls: fc.Arbitrary<[ChannelName, unknown]> = fc.oneof(
      fc.record({ search: awkwardText, organisme: awkwardText, carifNumber: awkwardText, marketNumber: awkwardText }, { requiredKeys: [] })
        .chain((filters) => fc.constantFrom<[ChannelName, unknown]>(
          ['candidatures.list', { filters, offset: 0, limit: 50 }],
          ['sessions.list', { filters, offset: 0, limit: 50 }],
          ['candidatures.exportCsv', { filters }],
        )),
      fc.string({ minLength: 1, maxLength: 64 }).filter((id) => !/[\0\ud800-\udfff]/u.test(id))
        .chain((id) => fc.constantFrom<[ChannelName, unknown]>(['candidatures.get', { id }], ['sessions.get', { id }], ['conflicts.discard', { conflictId: id }], ['avis.give', { candidatureId: id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } }])),
    ).filter(([channel, input]) => ipcChannels[channel].input.safeParse(input).success);
    await fc.assert(
      fc.asyncProperty(calls, async ([channel, input]) => {
        const reply = await socket.call(channel, input);
        if (!reply.ok && reply.error.code === 'INTERNAL') throw new Error(`${channel} ${JSON.stringify(input)} → INTERNAL`);
        if (reply.ok && channel.endsWith('.get')) throw new Error(`${channel} found a row for an id that exists nowhere: ${JSON.stringify(input)}`);
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(logged).toEqual([]);
    expect(await observable()).toBe(before);
  });

  it('ignores malformed frames and unknown channels, and keeps answering', { timeout: 120_000 }, async () => {
    const before = await observable();
    for (const frame of ['', 'pas du JSON', '{', 'null', '[]', '42', '{"id":-1,"channel":"app.getState","input":{}}', `{"id":1,"channel":"${'c'.repeat(1000)}","input":{}}`,
      '{"channel":"sync.now","input":{}}', '{"id":"1","channel":"sync.now","input":{}}', '['.repeat(50_000) + ']'.repeat(50_000), Buffer.from([0xff, 0xfe, 0x00, 0xd8])]) {
      socket.raw(frame);
    }
    for (const name of ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'app.getstate', 'app.getState ', '', 'referent.*']) {
      const reply = await socket.call(name, {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    for (const name of [null, 42, { channel: 'app.getState' }]) {
      // Not even a channel name: the host drops the frame, the connection stays usable.
      socket.raw(JSON.stringify({ id: 999_999, channel: name, input: {} }));
    }
    expect(socket.closedWith).toBeNull();
    expect(await observable()).toBe(before);

    // A frame over the size limit closes that connection only; the host takes a new one at once.
    const big = await WireSocket.open(host);
    big.raw(JSON.stringify({ id: 1, channel: 'app.getState', input: 'x'.repeat(5 * 1024 * 1024) }));
    await expect.poll(() => big.closedWith, { timeout: 10_000 }).toBe(1009);
    const again = await WireSocket.open(host);
    expect((await again.call('app.getState', {})).ok).toBe(true);
    again.ws.close();
    expect(await observable()).toBe(before);
  });
});
