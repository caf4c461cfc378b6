// The IPC contract table (shared/ipc/contract.ts): every channel has an input and an output schema, inputs never
// let unknown keys reach the core, list queries fill their defaults, and online-only channels are the account and
// référent tools. (The dispatcher's own behaviour on bad input is covered in test/unit/ipc/dispatcher.test.ts.)
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNEL_NAMES, EVENT_NAMES, ipcChannels, ipcEvents, type ChannelInput, type ChannelName } from '../../../shared/ipc/contract';
import { CandidatureListQuery, SessionListQuery } from '../../../shared/ipc/views';
import { describeZodError } from '../../../shared/ipc/validation';

const person = { firstName: 'Anne', lastName: 'Martin', email: 'anne.martin@example.fr', phone: null };
const retained = { kind: 'RETENUE' as const, plannedEntry: '2025-09-15', plannedExit: '2026-03-15' };

/** One valid input per channel. Typed over ChannelName, so a new channel does not compile until it has a sample. */
const SAMPLES: { [C in ChannelName]: ChannelInput<C> } = {
  'app.getState': {},
  'auth.signIn': { email: 'anne.martin@example.fr', password: 'secret-123' },
  'auth.signOut': { discardPending: false },
  'structures.setActive': { structureId: 'of-1' },
  'dashboard.get': {},
  'candidatures.list': {},
  'candidatures.get': { id: 'cand-1' },
  'candidatures.exportCsv': {},
  'sessions.list': {},
  'sessions.get': { id: 'sess-1' },
  'avis.give': { candidatureId: 'cand-1', decision: retained },
  'actions.enrich': { actionId: 'act-1', highlight: 'Plateau technique neuf', webLink: 'https://example.fr' },
  'preRegistrations.list': {},
  'preRegistrations.create': { sessionId: 'sess-1', candidate: person },
  'preRegistrations.validate': { preRegistrationId: 'pre-1' },
  'preRegistrations.delete': { preRegistrationId: 'pre-1' },
  'outbox.list': {},
  'outbox.export': {},
  'outbox.cancel': { id: '0193b7a0-0000-7000-8000-000000000001' },
  'outbox.edit': { id: '0193b7a0-0000-7000-8000-000000000001', decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } },
  'conflicts.list': {},
  'conflicts.resubmit': { conflictId: 'conf-1', decision: retained },
  'conflicts.discard': { conflictId: 'conf-1' },
  'sync.getStatus': {},
  'sync.now': {},
  'sync.setWorkOffline': { workOffline: true },
  'preferences.get': {},
  'preferences.set': { deadlineReminders: false },
  'reminders.due': {},
  'account.update': { phone: '05 59 00 00 00' },
  'account.requestAffiliation': { structureId: 'of-2' },
  'account.createRequest': {
    email: 'luc.petit@example.fr', password: 'un-mot-de-passe', firstName: 'Luc', lastName: 'Petit', phone: null, structureId: 'of-1', newStructure: null,
  },
  'structures.search': { q: 'Cap Métiers' },
  'referent.members': { structureId: 'of-1' },
  'referent.requests': { structureId: 'of-1' },
  'referent.decideRequest': { structureId: 'of-1', requestId: 'req-1', accept: true, profile: 'OF_GENERAL' },
  'referent.setProfile': { structureId: 'of-1', userId: 'user-2', profile: null },
  'referent.detach': { structureId: 'of-1', userId: 'user-2' },
  'referent.exportMembers': { structureId: 'of-1' },
  'actions.list': {},
  'admin.requests': {},
  'admin.decideRequest': { requestId: 'req-1', accept: true, profile: 'OF_GENERAL' },
  'admin.searchCandidatures': { q: 'Dupuy' },
  'admin.reopen': { candidatureId: 'cand-1', plannedEntry: '2025-09-15', plannedExit: '2026-03-15' },
};

/** Channels whose input is the strict empty object. */
const EMPTY_INPUT: ChannelName[] = ['app.getState', 'admin.requests', 'dashboard.get', 'preRegistrations.list', 'outbox.list', 'outbox.export', 'conflicts.list', 'sync.getStatus', 'sync.now', 'preferences.get', 'reminders.due'];

const shapeKeys = (schema: z.ZodType) => (schema instanceof z.ZodObject ? Object.keys(schema.shape) : null);

describe('IPC contract table', () => {
  it('every channel has a zod input and output schema and an online flag', () => {
    expect(CHANNEL_NAMES.length).toBeGreaterThan(0);
    for (const name of CHANNEL_NAMES) {
      const ch = ipcChannels[name];
      expect(ch.input, name).toBeInstanceOf(z.ZodType);
      expect(ch.output, name).toBeInstanceOf(z.ZodType);
      expect(typeof ch.online, name).toBe('boolean');
    }
  });

  it('no output schema accepts "nothing": a handler that forgets to return fails at the dispatcher (test/unit/ipc/dispatcher.test.ts)', () => {
    for (const name of CHANNEL_NAMES) expect(ipcChannels[name].output.safeParse(undefined).success, name).toBe(false);
  });

  it('every event has a zod payload schema', () => {
    for (const name of EVENT_NAMES) expect(ipcEvents[name], name).toBeInstanceOf(z.ZodType);
  });

  it('the online-only channels are exactly the account, référent and Cap Métiers tools (everything else works offline)', () => {
    const online = CHANNEL_NAMES.filter((n) => ipcChannels[n].online).sort();
    const expected = CHANNEL_NAMES.filter((n) => n.startsWith('account.') || n.startsWith('referent.') || n.startsWith('admin.') || n === 'structures.search').sort();
    expect(online).toEqual(expected);
    for (const local of ['dashboard.get', 'candidatures.list', 'sessions.get', 'avis.give', 'actions.enrich', 'preRegistrations.create', 'outbox.list', 'conflicts.resubmit'] as const) {
      expect(ipcChannels[local].online, local).toBe(false);
    }
  });
});

describe('channel inputs', () => {
  it.each(CHANNEL_NAMES)('%s accepts its sample input', (name) => {
    const r = ipcChannels[name].input.safeParse(SAMPLES[name]);
    expect(r.success ? null : describeZodError(r.error).message).toBeNull();
  });

  it.each(CHANNEL_NAMES)('%s never hands an unknown key to the core (refused or stripped)', (name) => {
    const r = ipcChannels[name].input.safeParse({ ...SAMPLES[name], intrus: 'x' });
    if (r.success) expect(r.data as object).not.toHaveProperty('intrus');
  });

  it('the Empty-input channels are the listed ones; they accept {} and refuse any key, null and arrays', () => {
    const empty = CHANNEL_NAMES.filter((n) => shapeKeys(ipcChannels[n].input)?.length === 0).sort();
    expect(empty).toEqual([...EMPTY_INPUT].sort());
    for (const name of EMPTY_INPUT) {
      const input = ipcChannels[name].input;
      expect(input.safeParse({}).success, name).toBe(true);
      for (const bad of [{ structureId: 'of-1' }, { intrus: undefined }, null, [], 'x']) {
        expect(input.safeParse(bad).success, `${name} ${JSON.stringify(bad)}`).toBe(false);
      }
    }
  });

  it('avis.give validates the decision and names the nested field', () => {
    const r = ipcChannels['avis.give'].input.safeParse({ candidatureId: 'cand-1', decision: { ...retained, plannedExit: '2026-02-30' } });
    expect(!r.success && describeZodError(r.error).field).toBe('decision.plannedExit');
  });

  it('account.createRequest needs either an existing structure or a proposed one, not both', () => {
    const input = ipcChannels['account.createRequest'].input;
    const sample = SAMPLES['account.createRequest'];
    const proposal = { siret: '73282932000074', name: 'Nouvel organisme', acronym: null, kind: 'ORGANISME_FORMATION', city: 'Pau' };
    expect(input.safeParse({ ...sample, structureId: null, newStructure: proposal }).success).toBe(true);
    const neither = input.safeParse({ ...sample, structureId: null });
    expect(!neither.success && describeZodError(neither.error).field).toBe('structureId');
    expect(input.safeParse({ ...sample, newStructure: proposal }).success).toBe(false);
  });
});

describe('list queries', () => {
  it('CandidatureListQuery fills every default from {}', () => {
    expect(CandidatureListQuery.parse({})).toEqual({ filters: {}, sort: { field: 'createdOn', direction: 'desc' }, offset: 0, limit: 200 });
    expect(ipcChannels['candidatures.list'].input.parse({})).toEqual(CandidatureListQuery.parse({}));
  });

  it('CandidatureListQuery keeps what is given and bounds paging to 1..1000 rows', () => {
    const q = CandidatureListQuery.parse({ filters: { states: ['EN_ATTENTE'], deadlineSoon: true }, limit: 50 });
    expect(q).toEqual({ filters: { states: ['EN_ATTENTE'], deadlineSoon: true }, sort: { field: 'createdOn', direction: 'desc' }, offset: 0, limit: 50 });
    for (const [bad, field] of [[{ limit: 0 }, 'limit'], [{ limit: 1001 }, 'limit'], [{ offset: -1 }, 'offset'], [{ sort: { field: 'email', direction: 'asc' } }, 'sort.field'], [{ filters: { states: ['BOGUS'] } }, 'filters.states.0']] as const) {
      const r = CandidatureListQuery.safeParse(bad);
      expect(!r.success && describeZodError(r.error).field, JSON.stringify(bad)).toBe(field);
    }
  });

  it('the CSV export takes filters and sort only (every matching row), with the same defaults', () => {
    expect(ipcChannels['candidatures.exportCsv'].input.parse({ offset: 400, limit: 10 })).toEqual({ filters: {}, sort: { field: 'createdOn', direction: 'desc' } });
  });

  it('SessionListQuery fills its defaults too (sorted by date limite, soonest first)', () => {
    expect(SessionListQuery.parse({})).toEqual({ filters: {}, sort: { field: 'deadline', direction: 'asc' }, offset: 0, limit: 200 });
  });
});
