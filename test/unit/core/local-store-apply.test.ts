// Server rows into the local store: a delta that changes a candidature's decision updates it in place, and one that
// changes what the search reads (a name, an e-mail, the session) reindexes it. Either way the row and the search
// index say what the server says.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase, type TempDatabase } from './temp-database';
import type { Sqlite } from '../../../main/core/db/open-database';
import { LocalStore } from '../../../main/core/local-store';
import { changeSetOf, emptyChangeSet, emptyRemovals } from '../../../shared/protocol/sync';
import type { Candidature } from '../../../shared/protocol/entities';
import { action, candidature, session } from './store-rows';

const S = 'of-demo';
let db: TempDatabase;
let sqlite: Sqlite;
let store: LocalStore;
const found = (word: string) =>
  (sqlite.prepare('select c.id from candidatures_fts f join candidatures c on c.rid = f.rowid where candidatures_fts match ?').all(`"${word}"*`) as { id: string }[]).map((r) => r.id);
const stored = (id: string) => sqlite.prepare('select state, avis_on as avisOn, last_name as lastName, json_extract(data, \'$.version\') as version from candidatures where structure_id = ? and id = ?').get(S, id);

beforeEach(() => {
  db = openTempDatabase('store-apply-');
  sqlite = db.sqlite;
  store = new LocalStore(sqlite);
  store.applyServerRows(S, { ...emptyChangeSet(), actions: [action], sessions: [session], candidatures: [candidature] }, emptyRemovals());
});
afterEach(() => db.remove());

describe('server rows into the local store', () => {
  it('an avis from the server changes the row and keeps it found by its name', () => {
    const decided: Candidature = { ...candidature, state: 'NON_RETENUE', avisOn: '2026-11-30', version: candidature.version + 1 };
    store.applyServerRows(S, changeSetOf('candidatures', [decided]), emptyRemovals());
    expect(stored(candidature.id)).toEqual({ state: 'NON_RETENUE', avisOn: '2026-11-30', lastName: candidature.candidate.lastName, version: candidature.version + 1 });
    expect(found(candidature.candidate.lastName)).toContain(candidature.id);
  });

  it('a renamed candidate is found by the new name only, and the row says it', () => {
    const renamed: Candidature = { ...candidature, candidate: { ...candidature.candidate, lastName: 'Zyxwvutsrq' }, version: candidature.version + 1 };
    const before = candidature.candidate.lastName;
    store.applyServerRows(S, changeSetOf('candidatures', [renamed]), emptyRemovals());
    expect(stored(candidature.id)).toMatchObject({ lastName: 'Zyxwvutsrq', version: candidature.version + 1 });
    expect(found('Zyxwvutsrq')).toEqual([candidature.id]);
    expect(found(before)).not.toContain(candidature.id);
  });

  it('a candidature moved to another session or deadline takes the full write (its indexed columns change)', () => {
    const moved: Candidature = { ...candidature, avisDeadline: '2027-01-15', version: candidature.version + 1 };
    store.applyServerRows(S, changeSetOf('candidatures', [moved]), emptyRemovals());
    expect(sqlite.prepare('select avis_deadline as d from candidatures where structure_id = ? and id = ?').get(S, candidature.id)).toEqual({ d: '2027-01-15' });
    expect(sqlite.prepare("select count(*) as n from candidatures indexed by candidatures_deadline where structure_id = ? and avis_deadline = '2027-01-15'").get(S)).toEqual({ n: 1 });
  });
});
