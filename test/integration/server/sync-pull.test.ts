// Pull over HTTP: visibility per structure, pagination under concurrent writes, resync-required, removals when a
// structure loses access, a user without profile who may read but not write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../../../server/index';
import { PullPage } from '../../../shared/protocol/sync';
import type { Candidature, Session } from '../../../shared/protocol/entities';
import { addDays, parisDay } from '../../../shared/domain/calendar-date';
import { upcomingCounter } from '../../../shared/domain/entry-point-counter';
import { call, eos, mutation, person, pullAll, pullPage, push, startTestServer, token } from './harness';

let server: ReferenceServer;
let manager: string;
const today = () => parisDay(server.clock.now());

beforeAll(async () => {
  server = await startTestServer();
  manager = await token(server, 'manager@demo.test');
});
afterAll(() => server?.close());

const rowsOf = (pages: PullPage[]) => ({
  actions: pages.flatMap((p) => p.changes.actions),
  sessions: pages.flatMap((p) => p.changes.sessions),
  entryPoints: pages.flatMap((p) => p.changes.entryPoints),
  candidatures: pages.flatMap((p) => p.changes.candidatures),
  preRegistrations: pages.flatMap((p) => p.changes.preRegistrations),
});

/** Applies pages in order like a client does: rows replace, removals delete. */
function replay(pages: PullPage[]) {
  const state = new Map<string, { version: number; row: unknown }>();
  for (const p of pages) {
    for (const [kind, rows] of Object.entries(p.changes)) for (const r of rows as { id: string; version: number }[]) state.set(`${kind}:${r.id}`, { version: r.version, row: r });
    for (const [kind, ids] of Object.entries(p.removed)) for (const id of ids) state.delete(`${kind}:${id}`);
  }
  return state;
}

describe('visibility', () => {
  it('an OF sees the sessions where it has a role, with that role, their entry points and candidatures, no pre-registrations', async () => {
    const { pages } = await pullAll(server, manager, 'of-demo');
    const rows = rowsOf(pages);
    const roles = new Set(rows.sessions.map((s) => s.orgRole));
    expect(roles).toEqual(new Set(['RESPONSABLE', 'POSITIONNEUR', 'FORMATEUR']));
    const sessionIds = new Set(rows.sessions.map((s) => s.id));
    expect(rows.candidatures.length).toBeGreaterThan(50);
    expect(rows.candidatures.every((c) => sessionIds.has(c.sessionId))).toBe(true);
    expect(rows.entryPoints.every((e) => sessionIds.has(e.sessionId))).toBe(true);
    const actionIds = new Set(rows.actions.map((a) => a.id));
    expect(rows.sessions.every((s) => actionIds.has(s.actionId))).toBe(true);
    expect(rows.preRegistrations).toEqual([]);
    // Every state of the guide is present in the demo data, and some deadlines fall within 15 days.
    expect(new Set(rows.candidatures.map((c) => c.state)).size).toBe(6);
    expect(rows.candidatures.some((c) => c.state === 'EN_ATTENTE' && c.avisDeadline <= addDays(today(), 15))).toBe(true);
    // Demo screens have something to show: open, full and the legacy "13/10" entry points on its own sessions.
    const counters = rows.sessions
      .filter((s) => s.orgRole === 'RESPONSABLE' && s.status === 'PUBLISHED')
      .map((s) => upcomingCounter(rows.entryPoints.filter((e) => e.sessionId === s.id), rows.candidatures.filter((c) => c.sessionId === s.id), today()));
    expect(counters.some((c) => c && !c.full)).toBe(true);
    expect(counters.some((c) => c?.full)).toBe(true);
    expect(counters.some((c) => c?.taken === 13 && c.places === 10)).toBe(true);
    expect(rows.entryPoints.some((e) => e.bis)).toBe(true);
  });

  it('the partner OF sees only sessions it has a role on (another OF responsable)', async () => {
    const multi = await token(server, 'multi@demo.test');
    const partner = rowsOf((await pullAll(server, multi, 'of-pyrenees')).pages);
    const demo = rowsOf((await pullAll(server, manager, 'of-demo')).pages);
    const partnerSessions = new Set(partner.sessions.map((s) => s.id));
    expect(partner.sessions.length).toBeGreaterThan(0);
    expect(partner.sessions.every((s) => s.orgRole !== null)).toBe(true);
    expect(partner.candidatures.every((c) => partnerSessions.has(c.sessionId))).toBe(true);
    // Sessions of the demo OF where the partner has no role stay invisible to it, candidatures included.
    const demoOnly = demo.sessions.filter((s) => !partnerSessions.has(s.id)).map((s) => s.id);
    expect(demoOnly.length).toBeGreaterThan(0);
    const demoOnlyCandidatures = new Set(demo.candidatures.filter((c) => demoOnly.includes(c.sessionId)).map((c) => c.id));
    expect(partner.candidatures.some((c) => demoOnlyCandidatures.has(c.id))).toBe(false);
  });

  it('a prescriber sees the catalogue without roles, its pre-registrations and only candidatures it made', async () => {
    const n3 = await token(server, 'prescripteur-n3@demo.test');
    const rows = rowsOf((await pullAll(server, n3, 'presc-demo')).pages);
    expect(rows.sessions.length).toBeGreaterThan(30);
    expect(rows.sessions.every((s) => s.orgRole === null)).toBe(true);
    expect(rows.preRegistrations.length).toBeGreaterThan(0);
    expect(rows.preRegistrations.every((p) => p.prescriberStructureId === 'presc-demo')).toBe(true);
    expect(rows.candidatures.length).toBeGreaterThan(0);
    expect(rows.candidatures.every((c) => c.origin === 'PRESCRIPTEUR' && c.prescriberStructureName === 'Mission Locale Démo Atlantique')).toBe(true);
  });

  it('a structure the user does not belong to answers 404 and leaks nothing; no token answers 401', async () => {
    const n1 = await token(server, 'prescripteur-n1@demo.test');
    const foreign = await pullPage(server, n1, 'of-demo');
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String) });
    const unknown = await pullPage(server, n1, 'of-inexistant');
    expect(unknown.status).toBe(404);
    const anonymous = await call(server, 'GET', '/structures/of-demo/changes');
    expect(anonymous.status).toBe(401);
  });
});

describe('pagination', () => {
  it('pages in change order; an empty incremental pull keeps the cursor', async () => {
    const small = await pullAll(server, manager, 'of-demo', undefined, 37);
    const full = await pullAll(server, manager, 'of-demo');
    expect(small.pages.length).toBeGreaterThan(3);
    expect(small.pages[0]!.remaining).toBeGreaterThan(0);
    expect(small.pages.at(-1)!.remaining).toBe(0);
    expect([...replay(small.pages).keys()].sort()).toEqual([...replay(full.pages).keys()].sort());
    const after = await pullPage(server, manager, 'of-demo', full.cursor);
    expect(after.body).toMatchObject({ cursor: full.cursor, hasMore: false, remaining: 0 });
  });

  it('never skips nor repeats a row version while writes happen between and during pages', async () => {
    const first = await pullPage(server, manager, 'of-demo', undefined, 40);
    const pages = [first.body];
    const seen = rowsOf(pages).candidatures;
    const sessionsAll = rowsOf((await pullAll(server, manager, 'of-demo')).pages);
    const pending = sessionsAll.candidatures.filter((c) => c.state === 'EN_ATTENTE' && c.avisDeadline >= today());
    // Writes: avis on a row already sent and on rows not yet sent; new candidatures by intake; an EOS entry point.
    const targets = [seen.find((c) => c.state === 'EN_ATTENTE' && pending.some((p) => p.id === c.id)), ...pending.slice(-6)].filter(
      (c): c is Candidature => !!c,
    );
    const openSession = sessionsAll.sessions.find((s: Session) => s.status === 'PUBLISHED' && s.orgRole === 'RESPONSABLE')!;
    let cursor = first.body.cursor;
    let i = 0;
    for (;;) {
      const writes = i < targets.length
        ? [
            push(server, manager, 'of-demo', [
              mutation({ kind: 'avis', payload: { candidatureId: targets[i]!.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } } }),
            ]),
            call(server, 'POST', `/sessions/${openSession.id}/candidatures`, { body: { candidate: person(100 + i) } }),
          ]
        : [];
      const [page] = await Promise.all([pullPage(server, manager, 'of-demo', cursor, 40), ...writes]);
      expect(page.status).toBe(200);
      pages.push(page.body);
      cursor = page.body.cursor;
      i++;
      if (!page.body.hasMore && i >= targets.length) break;
    }
    const versions = pages.flatMap((p) => Object.entries(p.changes).flatMap(([k, rows]) => (rows as { id: string; version: number }[]).map((r) => `${k}:${r.id}@${r.version}`)));
    expect(new Set(versions).size).toBe(versions.length);
    // The incremental result equals a fresh full pull, row for row.
    const fresh = replay((await pullAll(server, manager, 'of-demo')).pages);
    const incremental = replay(pages);
    expect(incremental.size).toBe(fresh.size);
    for (const [key, value] of fresh) expect(incremental.get(key)?.row, key).toEqual(value.row);
  });
});

describe('what a pull page carries', () => {
  it('every page of a full pull matches the protocol exactly (the server sends it without re-encoding it)', async () => {
    const n3 = await token(server, 'prescripteur-n3@demo.test');
    const pages = [...(await pullAll(server, manager, 'of-demo', undefined, 300)).pages, ...(await pullAll(server, n3, 'presc-demo')).pages];
    for (const page of pages) {
      const parsed = PullPage.safeParse(page);
      expect(parsed.error?.issues ?? []).toEqual([]);
      // Nothing stripped, nothing defaulted: the server sent every field of the schema and nothing else.
      expect(parsed.data).toStrictEqual(page);
    }
  });

  it("'remaining' is what the following pages bring, page after page", async () => {
    const { pages } = await pullAll(server, manager, 'of-demo', undefined, 37);
    const sizes = pages.map((p) => Object.values(p.changes).flat().length + Object.values(p.removed).flat().length);
    for (let i = 0; i < pages.length; i++) {
      expect(pages[i]!.remaining, `page ${i}`).toBe(sizes.slice(i + 1).reduce((a, b) => a + b, 0));
    }
  });
});

describe('resync required', () => {
  it('answers 410 RESYNC_REQUIRED to a cursor of another database, from the future, or older than pruned tombstones', async () => {
    const { cursor } = await pullAll(server, manager, 'of-demo');
    const [epoch, seq] = cursor.split('.');
    const other = await pullPage(server, manager, 'of-demo', `00000000-0000-4000-8000-000000000000.${seq}`);
    expect(other.status).toBe(410);
    expect(other.body).toMatchObject({ code: 'RESYNC_REQUIRED' });
    const future = await pullPage(server, manager, 'of-demo', `${epoch}.${Number(seq) + 1_000_000}`);
    expect(future.status).toBe(410);
    const garbage = await pullPage(server, manager, 'of-demo', 'n-importe-quoi');
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatchObject({ code: 'VALIDATION', field: 'since' });

    const old = `${epoch}.1`;
    expect((await pullPage(server, manager, 'of-demo', old)).status).toBe(200);
    await server.pruneTombstones();
    expect((await pullPage(server, manager, 'of-demo', old)).status).toBe(410);
    // The latest cursor is still served; a full pull still works.
    expect((await pullPage(server, manager, 'of-demo', cursor)).status).toBe(200);
    expect((await pullPage(server, manager, 'of-demo')).status).toBe(200);
  });
});

describe('access changes', () => {
  it('sends removals when a structure loses its role on a session, and the rows again when it regains it', async () => {
    const start = await pullAll(server, manager, 'of-demo');
    const rows = rowsOf(start.pages);
    const session = rows.sessions.find((s) => s.orgRole === 'POSITIONNEUR' && rows.candidatures.some((c) => c.sessionId === s.id))!;
    const action = rows.actions.find((a) => a.id === session.actionId)!;
    const { orgRole: _role, version: _version, ...fields } = session;
    // EOS now gives the session to the partner OF alone.
    const keepRoles = [{ structureId: 'of-pyrenees', role: 'RESPONSABLE' }];
    const lose = await eos(server, 'PUT', '/sessions', { sessions: [{ ...fields, roles: keepRoles }] });
    expect(lose.status).toBe(200);
    const after = await pullAll(server, manager, 'of-demo', start.cursor);
    const removed = after.pages.flatMap((p) => p.removed.sessions);
    expect(removed).toContain(session.id);
    const removedCands = new Set(after.pages.flatMap((p) => p.removed.candidatures));
    for (const c of rows.candidatures.filter((x) => x.sessionId === session.id)) expect(removedCands.has(c.id)).toBe(true);
    const removedEps = new Set(after.pages.flatMap((p) => p.removed.entryPoints));
    for (const e of rows.entryPoints.filter((x) => x.sessionId === session.id)) expect(removedEps.has(e.id)).toBe(true);
    const stillUsed = rows.sessions.some((s) => s.id !== session.id && s.actionId === action.id);
    expect(after.pages.flatMap((p) => p.removed.actions).includes(action.id)).toBe(!stillUsed);
    // The new holder sees it.
    const multi = await token(server, 'multi@demo.test');
    const partner = rowsOf((await pullAll(server, multi, 'of-pyrenees')).pages);
    expect(partner.sessions.find((s) => s.id === session.id)?.orgRole).toBe('RESPONSABLE');

    const regain = await eos(server, 'PUT', '/sessions', { sessions: [{ ...fields, roles: [...keepRoles, { structureId: 'of-demo', role: 'FORMATEUR' }] }] });
    expect(regain.status).toBe(200);
    const back = await pullAll(server, manager, 'of-demo', after.cursor);
    const backRows = rowsOf(back.pages);
    expect(backRows.sessions.find((s) => s.id === session.id)?.orgRole).toBe('FORMATEUR');
    expect(backRows.candidatures.filter((c) => c.sessionId === session.id).length).toBe(rows.candidatures.filter((c) => c.sessionId === session.id).length);
    expect(backRows.actions.some((a) => a.id === action.id)).toBe(true);
  });

  it('a user whose profile was removed still pulls the offer, no candidate data, and cannot mutate; a detached user reaches nothing', async () => {
    const manager2 = await token(server, 'manager2@demo.test');
    const members = await call<{ members: { userId: string; email: string }[] }>(server, 'GET', '/structures/of-demo/members', { token: manager });
    const target = members.body.members.find((m) => m.email === 'manager2@demo.test')!;
    const cleared = await call(server, 'PUT', `/structures/of-demo/members/${target.userId}/profile`, { token: manager, body: { profile: null } });
    expect(cleared.status).toBe(200);
    const pulled = rowsOf((await pullAll(server, manager2, 'of-demo')).pages);
    expect(pulled.sessions.length).toBeGreaterThan(0);
    expect(pulled.candidatures).toEqual([]);
    const candidature = rowsOf((await pullAll(server, manager, 'of-demo')).pages).candidatures.find((c) => c.state === 'EN_ATTENTE' && c.avisDeadline >= today())!;
    const denied = await push(server, manager2, 'of-demo', [
      mutation({ kind: 'avis', payload: { candidatureId: candidature.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } } }),
    ]);
    expect(denied.body.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });

    const detached = await call(server, 'DELETE', `/structures/of-demo/members/${target.userId}`, { token: manager });
    expect(detached.status).toBe(204);
    expect((await pullPage(server, manager2, 'of-demo')).status).toBe(404);
    const me = await call<{ memberships: unknown[] }>(server, 'GET', '/auth/me', { token: manager2 });
    expect(me.body.memberships).toEqual([]);
  });
});
