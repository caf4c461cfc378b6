// Commands are checked locally with the shared rules before anything is queued; what passes is queued with its
// overlay and reaches the ref.server. Also the reads around them: structure switch, CSV export, online-only channels.
import { afterEach, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { pullAll, token, person, call, eos, push, mutation } from '../server/harness';
import { addDays } from '../../../shared/domain/calendar-date';
import { buildDashboard, DASHBOARD_COLUMNS, filterForCell } from '../../../shared/domain/dashboard';
import { useReferenceServer, startSignedIn, decidable, UNREACHABLE, type CoreUnderTest } from './core-harness';

const ref = useReferenceServer();
let t: CoreUnderTest;

afterEach(async () => t?.dispose());

async function signedIn(email: string) {
  t = await startSignedIn(ref.server, email);
}

describe('local-first commands', () => {
  it('an invalid avis is refused locally with the field named, and nothing is queued', { timeout: 60_000 }, async () => {
    await signedIn('manager@demo.test');
    const [target] = await decidable(t, 1);
    const detail = await t.call('candidatures.get', { id: target!.id });
    const entry = detail.suggestedEntry!;
    await expect(t.call('avis.give', { candidatureId: target!.id, decision: { kind: 'RETENUE', plannedEntry: entry, plannedExit: entry } }))
      .rejects.toMatchObject({ code: 'RULE_VIOLATION', field: 'plannedExit' });
    await expect(t.call('avis.give', { candidatureId: target!.id, decision: { kind: 'RETENUE', plannedEntry: addDays(detail.session.marketStart, -1), plannedExit: entry } }))
      .rejects.toMatchObject({ code: 'RULE_VIOLATION', field: 'plannedEntry' });
    await expect(t.call('avis.give', { candidatureId: target!.id, decision: { kind: 'NON_RETENUE', motive: 'AUTRE', justification: ' ' } }))
      .rejects.toMatchObject({ code: 'RULE_VIOLATION', field: 'justification' });
    await expect(t.call('avis.give', { candidatureId: 'nope', decision: UNREACHABLE })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.call('outbox.list', {})).toEqual([]);

    // A second avis on the same candidature, even before the first is sent, is refused: retained is final.
    await t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });
    await expect(t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE })).rejects.toMatchObject({ code: 'RULE_VIOLATION' });
    expect(await t.call('outbox.list', {})).toHaveLength(1);
  });

  it('the dashboard counts pending decisions, and each cell equals the list it opens', { timeout: 60_000 }, async () => {
    await signedIn('manager@demo.test');
    t.proxy.mode = 'offline';
    for (const target of await decidable(t, 2)) await t.call('avis.give', { candidatureId: target.id, decision: UNREACHABLE });
    const dashboard = await t.call('dashboard.get', {});
    const rows = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await t.call('candidatures.list', { filters: {}, sort: { field: 'createdOn', direction: 'desc' }, offset, limit: 1000 });
      rows.push(...page.rows);
      if (rows.length >= page.total) break;
    }
    const expected = buildDashboard(rows.map((r) => ({ state: r.state, avisDeadline: r.avisDeadline, orgRole: r.orgRole, sessionStatus: 'PUBLISHED' as const })), dashboard.today);
    expect(dashboard.rows).toEqual(expected);
    for (const row of dashboard.rows) {
      for (const column of DASHBOARD_COLUMNS) {
        const filters = filterForCell(row.role, column);
        const listed = await t.call('candidatures.list', { filters, sort: { field: 'createdOn', direction: 'desc' }, offset: 0, limit: 1 });
        expect(listed.total, `${row.role} × ${column}`).toBe(row.counts[column]);
      }
    }
  });

  it('every sort pages through the same rows, in order, without repeating or skipping one', { timeout: 90_000 }, async () => {
    await signedIn('manager@demo.test');
    const filters = { states: ['EN_ATTENTE' as const, 'RETENUE' as const] };
    const all = await t.call('candidatures.list', { filters, sort: { field: 'createdOn', direction: 'desc' }, offset: 0, limit: 1000 });
    expect(all.total).toBeGreaterThan(100);
    const keyOf: Record<string, (r: (typeof all.rows)[number]) => string> = {
      candidateName: (r) => r.candidateName.toLowerCase(), createdOn: (r) => r.createdOn, avisDeadline: (r) => r.avisDeadline,
      state: (r) => r.state, actionTitle: (r) => r.actionTitle.toLowerCase(), carifNumber: (r) => r.carifNumber, city: (r) => r.city,
    };
    for (const field of Object.keys(keyOf) as (keyof typeof keyOf & string)[]) {
      for (const direction of ['asc', 'desc'] as const) {
        const seen: (typeof all.rows)[number][] = [];
        for (let offset = 0; offset < all.total; offset += 37) {
          const page = await t.call('candidatures.list', { filters, sort: { field: field as 'createdOn', direction }, offset, limit: 37 });
          expect(page.total).toBe(all.total);
          seen.push(...page.rows);
        }
        expect(new Set(seen.map((r) => r.id)).size, `${field} ${direction}`).toBe(all.total);
        const keys = seen.map(keyOf[field]!);
        const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        if (direction === 'desc') sorted.reverse();
        expect(keys, `${field} ${direction}`).toEqual(sorted);
      }
    }
  });

  it('a candidature the user may not decide is refused locally (FORBIDDEN)', { timeout: 60_000 }, async () => {
    // The manager's structure is only formateur of some sessions: it sees their candidatures but gives no avis.
    // (A catalogue profile would not do: it receives no candidatures at all.)
    await signedIn('manager@demo.test');
    const page = await t.call('candidatures.list', { filters: { states: ['EN_ATTENTE'], roles: ['FORMATEUR'] }, sort: { field: 'createdOn', direction: 'desc' }, offset: 0, limit: 1 });
    const detail = await t.call('candidatures.get', { id: page.rows[0]!.id });
    expect(detail.canGiveAvis).toMatchObject({ allowed: false });
    expect(detail.canGiveAvis.reason).toMatchObject({ key: 'rule', params: { code: 'FORBIDDEN' } });
    await expect(t.call('avis.give', { candidatureId: page.rows[0]!.id, decision: UNREACHABLE })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('offer enrichment: shown at once, applied on the server', { timeout: 60_000 }, async () => {
    await signedIn('catalogue@demo.test');
    const sessions = await t.call('sessions.list', { filters: { roles: ['RESPONSABLE'] }, sort: { field: 'actionTitle', direction: 'asc' }, offset: 0, limit: 1 });
    const detail = await t.call('sessions.get', { id: sessions.rows[0]!.id });
    expect(detail.canEnrich.allowed).toBe(true);
    const enrich = { actionId: detail.action.id, highlight: 'Stage en mairie dès la 3e semaine', webLink: 'https://exemple.fr/formation' };
    await t.call('actions.enrich', enrich);
    expect((await t.call('sessions.get', { id: detail.session.id })).action).toMatchObject({ highlight: enrich.highlight });
    expect((await t.core.syncNow()).pendingCount).toBe(0);
    const { pages } = await pullAll(ref.server, await token(ref.server, 'manager@demo.test'), 'of-demo');
    expect(pages.flatMap((p) => p.changes.actions).filter((a) => a.id === enrich.actionId).at(-1)).toMatchObject({ highlight: enrich.highlight, webLink: enrich.webLink });
    await expect(t.call('actions.enrich', { ...enrich, webLink: 'ftp://x' })).rejects.toThrow(); // schema: http(s) only
  });

  it('pre-registrations by an N1 prescriber: created and deleted, never validated', { timeout: 60_000 }, async () => {
    await signedIn('prescripteur-n1@demo.test');
    const sessions = await t.call('sessions.list', { filters: {}, sort: { field: 'deadline', direction: 'asc' }, offset: 0, limit: 50 });
    const session = sessions.rows.find((s) => s.status === 'PUBLISHED')!;
    await t.call('preRegistrations.create', { sessionId: session.id, candidate: person(7001) });
    const mine = async () => (await t.call('preRegistrations.list', {})).filter((p) => p.preRegistration.candidate.lastName === 'Testeur7001');
    const [draft] = await mine();
    expect(draft).toMatchObject({ pending: true, preRegistration: { status: 'BROUILLON', candidate: { lastName: 'Testeur7001' } } });
    await t.core.syncNow();
    const [stored] = await mine();
    expect(stored).toMatchObject({ pending: false, canValidate: { allowed: false }, canDelete: { allowed: true } });
    await expect(t.call('preRegistrations.validate', { preRegistrationId: stored!.preRegistration.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await t.call('preRegistrations.delete', { preRegistrationId: stored!.preRegistration.id });
    expect(await mine()).toEqual([]);
    expect((await t.core.syncNow()).conflictCount).toBe(0);
    expect(await mine()).toEqual([]);
  });

  it('switching structure shows that structure\'s data; a structure the user is not a member of is refused', { timeout: 60_000 }, async () => {
    await signedIn('multi@demo.test');
    const state = await t.call('app.getState', {});
    expect(state.memberships.map((m) => m.structure.id).sort()).toEqual(['of-demo', 'of-pyrenees']);
    await t.call('structures.setActive', { structureId: 'of-pyrenees' });
    await t.core.syncNow();
    const pyrenees = await t.call('dashboard.get', {});
    expect(pyrenees.structureId).toBe('of-pyrenees');
    await expect(t.call('structures.setActive', { structureId: 'presc-demo' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('CSV export: UTF-8 with BOM, semicolons, French dates, formulas neutralised', { timeout: 60_000 }, async () => {
    const sessionId = (await pullAll(ref.server, await token(ref.server, 'manager@demo.test'), 'of-demo')).pages.flatMap((p) => p.changes.sessions).find((x) => x.orgRole === 'RESPONSABLE' && x.status === 'PUBLISHED')!.id;
    const injected = await call(ref.server, 'POST', `/sessions/${sessionId}/candidatures`, { body: { candidate: { ...person(7100), lastName: '=HYPERLINK("http://x")' } } });
    expect(injected.status).toBe(201);
    await signedIn('manager@demo.test');
    const query = { filters: { states: ['EN_ATTENTE' as const] }, sort: { field: 'createdOn' as const, direction: 'desc' as const } };
    const file = await t.call('candidatures.exportCsv', query);
    expect(file.mimeType).toContain('text/csv');
    expect(file.content.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<string[]>(file.content.slice(1).trim(), { delimiter: ';' });
    const [header, ...rows] = parsed.data;
    expect(header).toContain('Avis avant le');
    const total = (await t.call('candidatures.list', { ...query, offset: 0, limit: 1 })).total;
    expect(rows).toHaveLength(total);
    const dateColumn = header!.indexOf('Déposée le');
    expect(rows.every((r) => /^\d{2}\/\d{2}\/\d{4}$/.test(r[dateColumn]!))).toBe(true);
    expect(rows.every((r) => r[header!.indexOf('État')] === 'En attente')).toBe(true);
    const names = rows.map((r) => r[header!.indexOf('Nom')]!);
    expect(names.some((n) => n.includes('HYPERLINK'))).toBe(true);
    expect(names.filter((n) => n.includes('HYPERLINK')).every((n) => n.startsWith("'"))).toBe(true);
  });

  it('online-only channels say OFFLINE without a connection; référent tools work with one', { timeout: 60_000 }, async () => {
    await signedIn('manager@demo.test');
    const members = await t.call('referent.members', { structureId: 'of-demo' });
    expect(members.some((m) => m.email === 'manager2@demo.test')).toBe(true);
    const csv = await t.call('referent.exportMembers', { structureId: 'of-demo' });
    expect(csv.content.startsWith('\uFEFF')).toBe(true);
    expect((await t.call('structures.search', { q: 'Démo' })).length).toBeGreaterThan(0);
    t.proxy.mode = 'offline';
    await expect(t.call('referent.members', { structureId: 'of-demo' })).rejects.toMatchObject({ code: 'OFFLINE' });
    await expect(t.call('referent.members', { structureId: 'of-pyrenees' })).rejects.toMatchObject({ code: 'OFFLINE' });
    t.proxy.mode = 'online';
    // Another structure's members: refused by the ref.server, which does not even confirm that it exists.
    await expect(t.call('referent.members', { structureId: 'of-pyrenees' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('search and edits that follow the server', () => {
  it('search follows an action retitled on the server, and ignores stray punctuation', { timeout: 60_000 }, async () => {
    await signedIn('manager@demo.test');
    const sessions = await t.call('sessions.list', { filters: { roles: ['RESPONSABLE'] }, sort: { field: 'pending', direction: 'desc' }, offset: 0, limit: 1 });
    const { action } = await t.call('sessions.get', { id: sessions.rows[0]!.id });
    const before = await t.call('candidatures.list', { filters: { search: action.title.split(' ')[0] }, sort: { field: 'createdOn', direction: 'desc' }, offset: 0, limit: 1 });
    expect(before.total).toBeGreaterThan(0);
    const { responsibleStructureName: _n, version: _v, highlight: _h, webLink: _w, ...fields } = action;
    const responsibleStructureId = 'of-demo';
    const renamed = await eos(ref.server, 'PUT', '/actions', { actions: [{ ...fields, responsibleStructureId, title: 'Zythologie appliquée' }] });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    await t.core.syncNow();
    const found = await t.call('candidatures.list', { filters: { search: 'zythologie' }, sort: { field: 'createdOn', direction: 'desc' }, offset: 0, limit: 1000 });
    expect(found.total).toBeGreaterThan(0);
    expect(found.rows.every((r) => r.actionTitle === 'Zythologie appliquée')).toBe(true);
    const name = found.rows[0]!.candidateName.split(' ')[0]!;
    const punctuated = await t.call('candidatures.list', { filters: { search: `${name} - .` }, sort: { field: 'createdOn', direction: 'desc' }, offset: 0, limit: 1 });
    expect(punctuated.total).toBeGreaterThan(0);
  });

  it('a candidature arriving in a delta is found by search, and one decided elsewhere still is', { timeout: 60_000 }, async () => {
    await signedIn('manager@demo.test');
    const sessions = await t.call('sessions.list', { filters: { roles: ['RESPONSABLE'] }, sort: { field: 'pending', direction: 'desc' }, offset: 0, limit: 1 });
    const applied = await call<{ id: string }>(ref.server, 'POST', `/sessions/${sessions.rows[0]!.id}/candidatures`, {
      body: { candidate: { firstName: 'Quentin', lastName: 'Xylographe', email: 'quentin.xylographe@exemple.fr', phone: null } },
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    await t.core.syncNow();
    const search = (q: string) => t.call('candidatures.list', { filters: { search: q }, sort: { field: 'createdOn', direction: 'desc' }, offset: 0, limit: 1000 });
    expect((await search('xylographe')).rows.map((r) => r.id)).toEqual([applied.body.id]);
    // Decided by another manager: the delta brings the row with the same person, and its search entry stays.
    const [target] = await decidable(t, 1);
    const reply = await push(ref.server, await token(ref.server, 'manager2@demo.test'), 'of-demo', [
      mutation({ kind: 'avis', payload: { candidatureId: target!.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } } }),
    ]);
    expect(reply.body.results[0]).toMatchObject({ status: 'applied' });
    await t.core.syncNow();
    const found = (await search(target!.name)).rows.find((r) => r.id === target!.id);
    expect(found?.state).toBe('NON_RETENUE');
  });

  it('two edits of the same offer before sending become one, applied without a conflict', { timeout: 60_000 }, async () => {
    await signedIn('catalogue@demo.test');
    const sessions = await t.call('sessions.list', { filters: { roles: ['RESPONSABLE'] }, sort: { field: 'carifNumber', direction: 'asc' }, offset: 0, limit: 1 });
    const { action } = await t.call('sessions.get', { id: sessions.rows[0]!.id });
    t.proxy.mode = 'offline';
    await t.call('actions.enrich', { actionId: action.id, highlight: 'Première version', webLink: null });
    await t.call('actions.enrich', { actionId: action.id, highlight: 'Deuxième version, corrigée', webLink: null });
    expect(await t.call('outbox.list', {})).toHaveLength(1);
    t.proxy.mode = 'online';
    expect(await t.core.syncNow()).toMatchObject({ pendingCount: 0, conflictCount: 0 });
    expect((await t.call('sessions.get', { id: sessions.rows[0]!.id })).action.highlight).toBe('Deuxième version, corrigée');
  });
});
