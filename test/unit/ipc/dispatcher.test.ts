import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, ipcChannels, RafaelError, type IpcHandlers } from '../../../shared/ipc/contract';
import { createDispatcher, INTERNAL_MESSAGE } from '../../../main/ipc/dispatcher';
import { createEventFanout } from '../../../main/ipc/event-fanout';

/** A handler map that records every call: the test double for the core. */
function recordingHandlers(result: (channel: string, input: unknown) => unknown = () => ({ ok: true })) {
  const calls: Array<{ channel: string; input: unknown }> = [];
  const handlers = Object.fromEntries(
    CHANNEL_NAMES.map((channel) => [channel, async (input: unknown) => {
      calls.push({ channel, input });
      return result(channel, input);
    }]),
  ) as unknown as IpcHandlers;
  return { handlers, calls };
}

function keysOf(channel: (typeof CHANNEL_NAMES)[number]): string[] {
  const schema = ipcChannels[channel].input as unknown as { shape?: Record<string, unknown> };
  return Object.keys(schema.shape ?? {});
}

describe('dispatcher: every channel rejects bad arguments without calling the core', () => {
  it.each(CHANNEL_NAMES)('%s refuses a non-object input', async (channel) => {
    const { handlers, calls } = recordingHandlers();
    const reply = await createDispatcher(handlers)(channel, 'not an object');
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('VALIDATION');
    expect(calls).toEqual([]);
  });

  it.each(CHANNEL_NAMES)('%s names the offending field and has no side effect', async (channel) => {
    const { handlers, calls } = recordingHandlers();
    const keys = keysOf(channel);
    // Channels taking fields get a value no schema accepts in every field; empty ones get an unexpected field.
    const bad = keys.length > 0 ? Object.fromEntries(keys.map((k) => [k, Symbol('bad')])) : { intrus: 1 };
    const reply = await createDispatcher(handlers)(channel, bad);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('VALIDATION');
    expect(reply.error.reason).toMatchObject({ key: 'invalidInput', params: { field: reply.error.field } });
    if (keys.length > 0) expect(keys).toContain(reply.error.field);
    else expect(reply.error.field).toBeTruthy();
    expect(calls).toEqual([]);
  });
});

describe('dispatcher: routing and errors', () => {
  it('passes the parsed input to the handler and wraps its value', async () => {
    const { handlers, calls } = recordingHandlers((channel) => ({ mutationId: `${channel}-1` }));
    const reply = await createDispatcher(handlers)('preRegistrations.validate', { preRegistrationId: 'pre-1' });
    expect(reply).toEqual({ ok: true, value: { mutationId: 'preRegistrations.validate-1' } });
    expect(calls).toEqual([{ channel: 'preRegistrations.validate', input: { preRegistrationId: 'pre-1' } }]);
  });

  it('refuses an unknown channel, including prototype keys', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatcher(handlers);
    for (const name of ['db.dropEverything', 'constructor', '__proto__', 'toString']) {
      const reply = await dispatch(name, {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    expect(calls).toEqual([]);
  });

  it('carries a RafaelError across as its data', async () => {
    const { handlers } = recordingHandlers(() => {
      throw new RafaelError({ code: 'OUTBOX_NOT_EMPTY', message: 'Des décisions ne sont pas encore envoyées.' });
    });
    const reply = await createDispatcher(handlers)('auth.signOut', { discardPending: false });
    expect(reply).toEqual({ ok: false, error: { code: 'OUTBOX_NOT_EMPTY', message: 'Des décisions ne sont pas encore envoyées.' } });
  });

  it('hides unexpected errors behind a generic French message and logs the details', async () => {
    const logged: object[] = [];
    const { handlers } = recordingHandlers(() => {
      throw new Error('SQLITE_CORRUPT: at /home/anne/.config/db.sqlite');
    });
    const reply = await createDispatcher(handlers, { logger: { error: (details) => logged.push(details) } })('dashboard.get', {});
    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } });
    expect(JSON.stringify(reply)).not.toContain('SQLITE');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ channel: 'dashboard.get' });
  });
});

describe('dispatcher: handler results are held to the contract', () => {
  // With test/unit/protocol/ipc-contract.test.ts (no output schema accepts undefined), this holds for every channel.
  it('a handler that forgets to return fails the call', async () => {
    const { handlers } = recordingHandlers(() => undefined);
    for (const [channel, input] of [['dashboard.get', {}], ['outbox.cancel', { id: 'mut-1' }], ['sync.now', {}]] as const) {
      expect(await createDispatcher(handlers)(channel, input), channel).toEqual({ ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } });
    }
  });

  it('a result of the wrong shape fails the call, and the log names the channel and the field', async () => {
    const logged: object[] = [];
    const { handlers } = recordingHandlers(() => ({ mutationId: 42 }));
    const reply = await createDispatcher(handlers, { logger: { error: (details) => logged.push(details) } })('preRegistrations.delete', { preRegistrationId: 'pre-1' });
    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } });
    expect(logged).toEqual([{ channel: 'preRegistrations.delete', problem: expect.stringMatching(/^preRegistrations\.delete .*mutationId/) }]);
  });

  it('without the check (production bundles), the result passes as it is', async () => {
    const { handlers } = recordingHandlers(() => undefined);
    const reply = await createDispatcher(handlers, { checkOutputs: false })('dashboard.get', {});
    expect(reply).toEqual({ ok: true, value: undefined });
  });
});

describe('event fan-out', () => {
  it('delivers to every subscriber, survives a throwing one, and stops after unsubscribe', () => {
    const errors: unknown[] = [];
    const fanout = createEventFanout((e) => errors.push(e));
    const seen: string[] = [];
    fanout.subscribe(() => {
      throw new Error('window gone');
    });
    const off = fanout.subscribe((event) => seen.push(event));
    fanout.sink('data.changed', { structureId: null });
    off();
    fanout.sink('data.changed', { structureId: null });
    expect(seen).toEqual(['data.changed']);
    expect(errors).toHaveLength(2); // the throwing one was still subscribed both times
  });
});
