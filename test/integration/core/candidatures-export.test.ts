// The candidature export against the real server: it holds the rows the list shows (same filters, same order), with
// the candidate's phone and the user's unsent avis as given, by them.
import { afterEach, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { formatFrenchDay } from '../../../shared/domain/calendar-date';
import { useReferenceServer, startSignedIn, decidable, serverCandidatures, type CoreUnderTest } from './core-harness';

const ref = useReferenceServer();
let t: CoreUnderTest;
afterEach(async () => t?.dispose());

function records(content: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(content.slice(1), { header: true, delimiter: ';', skipEmptyLines: true }).data;
}

describe('candidatures CSV export', () => {
  it('follows the list: a session filter and the deadline order give the same rows in the same order', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server);
    const { sessionId } = (await decidable(t, 1))[0]!;
    const query = { filters: { sessionId }, sort: { field: 'avisDeadline' as const, direction: 'asc' as const } };
    const list = await t.call('candidatures.list', { ...query, offset: 0, limit: 1000 });
    const rows = records((await t.call('candidatures.exportCsv', query)).content);
    expect(list.total).toBeGreaterThan(1);
    expect(rows.map((r) => `${r['Nom']} ${r['Prénom']}`)).toEqual(list.rows.map((r) => r.candidateName));
    expect(new Set(rows.map((r) => r['Numéro Carif'])).size).toBe(1);

    expect(rows.some((r) => /^0\d{9}$/.test(r['Téléphone']!))).toBe(true);
    const server = await serverCandidatures(ref.server);
    for (const [i, r] of rows.entries()) {
      const c = server.get(list.rows[i]!.id)!;
      expect(r['Téléphone']).toBe(c.candidate.phone ?? '');
      expect(r['E-mail']).toBe(c.candidate.email);
    }
  });

  it('shows an unsent avis with its planned dates, its day and the user as its author', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server);
    t.proxy.mode = 'offline';
    const [target] = await decidable(t, 1);
    const detail = await t.call('candidatures.get', { id: target!.id });
    const plannedEntry = detail.suggestedEntry!;
    const plannedExit = detail.suggestedExit!;
    await t.call('avis.give', { candidatureId: target!.id, decision: { kind: 'RETENUE', plannedEntry, plannedExit } });
    const rows = records((await t.call('candidatures.exportCsv', { filters: { sessionId: target!.sessionId }, sort: { field: 'createdOn', direction: 'desc' } })).content);
    const row = rows.find((r) => `${r['Nom']} ${r['Prénom']}` === target!.name)!;
    expect(row).toMatchObject({
      État: 'Retenue',
      'À envoyer': 'oui',
      "Date d'entrée prévisionnelle": formatFrenchDay(plannedEntry),
      'Date de sortie prévisionnelle': formatFrenchDay(plannedExit),
      'Avis rendu par': `${(await t.call('app.getState', {})).user!.firstName} ${(await t.call('app.getState', {})).user!.lastName}`,
    });
    expect(row['Avis rendu le']).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(row["Point d'entrée"]).toMatch(/^\d{2}\/\d{2}\/\d{4}( bis)?$/);
  });
});
