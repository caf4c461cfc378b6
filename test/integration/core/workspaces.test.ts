// What each profile's workspace reads and does through the core: « Gestion des formations » (the structure's
// actions, enrichable or not), the prescribers' catalogue search (territory, domain, dates, open or closed), the
// person checks of a pre-registration, and Cap Métiers' online operations (first accounts, reopen).
import { afterEach, describe, expect, it } from 'vitest';
import { call, pullAll, token } from '../server/harness';
import { addDays } from '../../../shared/domain/calendar-date';
import { createDispatcher } from '../../../main/ipc/dispatcher';
import { useReferenceServer, startSignedIn, type CoreUnderTest } from './core-harness';

const ref = useReferenceServer();
let t: CoreUnderTest;

afterEach(async () => t?.dispose());

describe('Gestion des formations', () => {
  it('lists the actions with published sessions, newest reference first, enrichable only where the structure is responsible', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server, 'catalogue@demo.test');
    const published = await t.call('actions.list', { filters: { tab: 'PUBLISHED' }, offset: 0, limit: 500 });
    expect(published.total).toBe(published.rows.length);
    expect(published.total).toBeGreaterThan(3);
    const refs = published.rows.map((r) => r.action.reference);
    expect(refs).toEqual([...refs].sort().reverse());
    for (const row of published.rows) expect(row.publishedSessionCount).toBeGreaterThan(0);

    const responsible = await t.call('actions.list', { filters: { tab: 'PUBLISHED', responsibleOnly: true }, offset: 0, limit: 500 });
    expect(responsible.total).toBeGreaterThan(0);
    expect(responsible.total).toBeLessThan(published.total);
    expect(responsible.rows.every((r) => r.canEnrich.allowed)).toBe(true);
    const others = published.rows.filter((r) => !responsible.rows.some((x) => x.action.id === r.action.id));
    expect(others.length).toBeGreaterThan(0);
    for (const row of others) expect(row.canEnrich).toEqual({ allowed: false, reason: { key: 'rule', params: { code: 'FORBIDDEN', message: expect.stringMatching(/responsable/) } } });

    // The filter by text and by mesure (« retrouver toute votre offre HSP »).
    const one = responsible.rows[0]!.action;
    const byRef = await t.call('actions.list', { filters: { tab: 'PUBLISHED', search: one.reference }, offset: 0, limit: 50 });
    expect(byRef.rows.map((r) => r.action.id)).toEqual([one.id]);
    const hsp = await t.call('actions.list', { filters: { tab: 'PUBLISHED', mesure: 'HSP' }, offset: 0, limit: 500 });
    expect(hsp.rows.length).toBeGreaterThan(0);
    expect(hsp.rows.every((r) => r.action.financing.mesure.includes('HSP'))).toBe(true);

    // An enrichment shows at once on its row, marked as waiting to be sent; the action's sessions are one filter away.
    await t.call('actions.enrich', { actionId: one.id, highlight: 'Plateau technique neuf', webLink: 'https://formation.exemple.fr/neuf' });
    const after = await t.call('actions.list', { filters: { tab: 'PUBLISHED', search: one.reference }, offset: 0, limit: 50 });
    expect(after.rows[0]).toMatchObject({ pending: true, action: { highlight: 'Plateau technique neuf', webLink: 'https://formation.exemple.fr/neuf' } });
    const sessions = await t.call('sessions.list', { filters: { actionId: one.id, includeArchived: true }, offset: 0, limit: 50 });
    expect(sessions.total).toBe(responsible.rows[0]!.sessionCount);
    expect(sessions.rows.every((s) => s.actionId === one.id)).toBe(true);
  });

  it('a preinscription profile may not enrich: the row says why', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server, 'preinscription@demo.test');
    const list = await t.call('actions.list', { filters: { tab: 'PUBLISHED', responsibleOnly: true }, offset: 0, limit: 5 });
    expect(list.rows.length).toBeGreaterThan(0);
    expect(list.rows[0]!.canEnrich).toEqual({ allowed: false, reason: { key: 'rule', params: { code: 'FORBIDDEN', message: expect.stringMatching(/profil/) } } });
  });
});

describe('the prescribers’ catalogue search', () => {
  it('filters by department, domain and entry dates, and says whether each session takes applications', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server, 'prescripteur-n1@demo.test');
    const all = await t.call('sessions.list', { filters: {}, sort: { field: 'deadline', direction: 'asc' }, offset: 0, limit: 1000 });
    expect(all.total).toBe(all.rows.length);
    for (const row of all.rows) {
      expect(row.orgRole).toBeNull();
      if (row.status === 'CANCELLED') expect(row.applications).toEqual({ open: false, reason: 'SESSION_CANCELLED' });
      else if (row.counter === null) expect(row.applications).toEqual({ open: false, reason: 'NO_UPCOMING_ENTRY_POINT' });
      else if (row.counter.full) expect(row.applications).toEqual({ open: false, reason: 'FULL' });
      else expect(row.applications).toEqual({ open: true, reason: null });
    }
    expect(all.rows.some((r) => r.applications.open)).toBe(true);
    expect(all.rows.some((r) => r.applications.reason === 'SESSION_CANCELLED')).toBe(true);

    const department = all.rows[0]!.department;
    const inDepartment = await t.call('sessions.list', { filters: { department }, offset: 0, limit: 1000 });
    expect(inDepartment.total).toBe(all.rows.filter((r) => r.department === department).length);

    const socle = await t.call('sessions.list', { filters: { mesure: 'HSP SOCLE' }, offset: 0, limit: 1000 });
    expect(socle.total).toBe(all.rows.filter((r) => r.mesure === 'HSP SOCLE').length);
    expect(socle.total).toBeGreaterThan(0);

    // Entry dates: a session whose next entry point is in the range is found; the day after it, it is not.
    const dated = all.rows.find((r) => r.deadline !== null)!;
    const found = await t.call('sessions.list', { filters: { entryFrom: dated.deadline!, entryTo: dated.deadline! }, offset: 0, limit: 1000 });
    expect(found.rows.map((r) => r.id)).toContain(dated.id);
    const later = await t.call('sessions.list', { filters: { entryFrom: addDays(dated.deadline!, 1), entryTo: addDays(dated.deadline!, 1) }, offset: 0, limit: 1000 });
    expect(later.rows.every((r) => r.id !== dated.id || r.deadline !== dated.deadline)).toBe(true);
  });

  it('a pre-registration with a malformed phone or e-mail is refused with the field named, and nothing is queued', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server, 'prescripteur-n2@demo.test');
    const open = (await t.call('sessions.list', { filters: {}, offset: 0, limit: 1000 })).rows.find((r) => r.applications.open)!;
    const candidate = { firstName: 'Maïa', lastName: 'Irigoyen', email: 'maia.irigoyen@exemple.fr', phone: '06 12 34 56 78' };
    // Through the dispatcher, as the renderer's calls arrive.
    const dispatch = createDispatcher(t.core.handlers);
    expect(await dispatch('preRegistrations.create', { sessionId: open.id, candidate: { ...candidate, phone: '12 34' } }))
      .toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'candidate.phone', message: expect.stringContaining('10 chiffres') } });
    expect(await dispatch('preRegistrations.create', { sessionId: open.id, candidate: { ...candidate, email: 'maia@' } }))
      .toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'candidate.email' } });
    expect(await t.call('outbox.list', {})).toEqual([]);
    await t.call('preRegistrations.create', { sessionId: open.id, candidate: { ...candidate, phone: '+33 6 12 34 56 78' } });
    expect(await t.call('outbox.list', {})).toHaveLength(1);
  });
});

describe('Cap Métiers, online only', () => {
  it('lists first-account requests with their structure and validates one', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server, 'admin@capmetiers.test');
    const state = await t.call('app.getState', {});
    expect(state.user?.isAdmin).toBe(true);
    expect(state.memberships).toEqual([]);
    const requests = await t.call('admin.requests', {});
    const first = requests.find((r) => r.email === 'direction@nouvel-of.test')!;
    expect(first.structure.siret).toMatch(/^\d{14}$/);
    expect(first.structure.name.length).toBeGreaterThan(0);
    await t.call('admin.decideRequest', { requestId: first.id, accept: true, profile: 'OF_GENERAL' });
    expect((await t.call('admin.requests', {})).some((r) => r.id === first.id)).toBe(false);

    t.proxy.mode = 'offline';
    await expect(t.call('admin.requests', {})).rejects.toMatchObject({ code: 'OFFLINE' });
  });

  it('finds a non-retained candidature and reopens it as retained with its dates; others may not', { timeout: 60_000 }, async () => {
    const manager = await token(ref.server, 'manager@demo.test');
    const all = (await pullAll(ref.server, manager, 'of-demo')).pages.flatMap((p) => p.changes.candidatures);
    const target = all.find((c) => c.state === 'NON_RETENUE')!;
    t = await startSignedIn(ref.server, 'admin@capmetiers.test');
    const found = await t.call('admin.searchCandidatures', { q: target.candidate.email });
    const row = found.find((r) => r.candidature.id === target.id)!;
    expect(row).toBeDefined();
    expect(found.every((r) => r.candidature.state === 'NON_RETENUE')).toBe(true);
    const plannedEntry = row.upcomingEntry ?? addDays(row.marketStart, 30);
    const bad = t.call('admin.reopen', { candidatureId: target.id, plannedEntry, plannedExit: plannedEntry });
    await expect(bad).rejects.toMatchObject({ code: 'VALIDATION', field: 'plannedExit' });
    const reopened = await t.call('admin.reopen', { candidatureId: target.id, plannedEntry, plannedExit: addDays(plannedEntry, 90) });
    expect(reopened).toMatchObject({ id: target.id, state: 'RETENUE', retained: { plannedEntry } });
    expect((await t.call('admin.searchCandidatures', { q: target.candidate.email })).some((r) => r.candidature.id === target.id)).toBe(false);

    const notAdmin = await call(ref.server, 'GET', `/admin/candidatures?q=${encodeURIComponent(target.candidate.email)}`, { token: manager });
    expect(notAdmin.status).toBe(403);
  });
});
