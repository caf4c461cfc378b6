// Finding 10 of issue 10: a catalogue-only user (OF_CATALOGUE, « gestion des formations ») received every candidate's
// name, e-mail and phone. The pull now gives that profile (and a member with no profile) the offer and the counters,
// no candidate personal data; a profile change makes the old cursor resync, so the client's copy follows it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../../../server/index';
import type { Member } from '../../../shared/protocol/accounts';
import type { PullPage } from '../../../shared/protocol/sync';
import { call, mutation, pullAll, pullPage, push, startTestServer, token } from './harness';

let server: ReferenceServer;
let referent: string;
let catalogue: string;
let candidateEmails: string[];

const rowsOf = (pages: PullPage[]) => ({
  actions: pages.flatMap((p) => p.changes.actions),
  sessions: pages.flatMap((p) => p.changes.sessions),
  entryPoints: pages.flatMap((p) => p.changes.entryPoints),
  candidatures: pages.flatMap((p) => p.changes.candidatures),
  preRegistrations: pages.flatMap((p) => p.changes.preRegistrations),
});

beforeAll(async () => {
  server = await startTestServer();
  referent = await token(server, 'manager@demo.test');
  catalogue = await token(server, 'catalogue@demo.test');
  const full = rowsOf((await pullAll(server, referent, 'of-demo')).pages);
  candidateEmails = full.candidatures.map((c) => c.candidate.email);
});
afterAll(() => server?.close());

async function setCatalogueProfile(profile: string | null) {
  const members = await call<{ members: Member[] }>(server, 'GET', '/structures/of-demo/members', { token: referent });
  const user = members.body.members.find((m) => m.email === 'catalogue@demo.test')!;
  const reply = await call(server, 'PUT', `/structures/of-demo/members/${user.userId}/profile`, { token: referent, body: { profile } });
  expect(reply.status).toBe(200);
}

describe('an OF_CATALOGUE member', () => {
  it('pulls actions, sessions and entry points with their counters, and no candidate personal data', async () => {
    expect(candidateEmails.length).toBeGreaterThan(50);
    const { pages } = await pullAll(server, catalogue, 'of-demo', undefined, 100);
    const rows = rowsOf(pages);
    expect(rows.actions.length).toBeGreaterThan(0);
    expect(rows.sessions.length).toBeGreaterThan(0);
    expect(rows.entryPoints.length).toBeGreaterThan(0);
    expect(rows.candidatures).toEqual([]);
    expect(rows.preRegistrations).toEqual([]);
    // The counters come with the entry points: public figures, no one's name.
    expect(rows.entryPoints.some((e) => e.retainedInWindow + e.sessionPending > 0)).toBe(true);
    const text = JSON.stringify(pages);
    expect(candidateEmails.filter((email) => text.includes(email))).toEqual([]);
  });

  it('still enriches the offer, and the applied result carries no candidature', async () => {
    const { pages } = await pullAll(server, catalogue, 'of-demo');
    const rows = rowsOf(pages);
    const action = rows.actions.find((a) => rows.sessions.some((s) => s.actionId === a.id && s.orgRole === 'RESPONSABLE'))!;
    const reply = await push(server, catalogue, 'of-demo', [
      mutation({ kind: 'action.enrich', baseVersion: action.version, payload: { actionId: action.id, highlight: 'Le plus : un stage en entreprise.', webLink: null } }),
    ]);
    expect(reply.body.results[0]).toMatchObject({ status: 'applied', changes: { candidatures: [] } });
  });

  it('a profile change makes the old cursor resync, and the new view follows the new profile', async () => {
    const before = await pullAll(server, catalogue, 'of-demo');

    await setCatalogueProfile('OF_GENERAL');
    expect(await pullPage(server, catalogue, 'of-demo', before.cursor)).toMatchObject({ status: 410, body: { code: 'RESYNC_REQUIRED' } });
    const general = await pullAll(server, catalogue, 'of-demo');
    expect(rowsOf(general.pages).candidatures.length).toBe(candidateEmails.length);

    await setCatalogueProfile(null);
    expect(await pullPage(server, catalogue, 'of-demo', general.cursor)).toMatchObject({ status: 410, body: { code: 'RESYNC_REQUIRED' } });
    expect(rowsOf((await pullAll(server, catalogue, 'of-demo')).pages).candidatures).toEqual([]);

    await setCatalogueProfile('OF_CATALOGUE');
    // Same view as before the round trip: its cursor is served again.
    expect((await pullPage(server, catalogue, 'of-demo', before.cursor)).status).toBe(200);
  });
});

describe('profiles that handle candidatures', () => {
  it('OF_PREINSCRIPTION and prescribers still get them (prescribers: their own, with their pre-registrations)', async () => {
    const preinscription = rowsOf((await pullAll(server, await token(server, 'preinscription@demo.test'), 'of-demo')).pages);
    expect(preinscription.candidatures.length).toBe(candidateEmails.length);
    const prescriber = rowsOf((await pullAll(server, await token(server, 'prescripteur-n3@demo.test'), 'presc-demo')).pages);
    expect(prescriber.preRegistrations.length).toBeGreaterThan(0);
    expect(prescriber.candidatures.length).toBeGreaterThan(0);
  });
});
