// « Gestion des formations » (seed 004, « Valoriser son offre »): the structure's actions as the guide lists them
// (Formations conventionnées, tab « Publiées », a filter, then the pencil), with the user's unsent enrichment laid
// over each and whether the user may enrich it, by the same rule the enrich command applies.
import type { ActionListQuery, ActionListRow } from '../../../shared/ipc/views';
import type { ManagementProfile } from '../../../shared/domain/vocabulary';
import { canEnrichActionThroughRoles } from '../../../shared/domain/rights';
import { permission, type ReadModel } from './read-model';
import type { LocalStore } from '../local-store';

const SESSIONS_OF_ACTION = 'from sessions s where s.structure_id = a.structure_id and s.action_id = a.id';

export function listActions(
  store: LocalStore,
  read: ReadModel,
  structureId: string,
  query: ActionListQuery,
  profile: ManagementProfile | null,
): { total: number; rows: ActionListRow[] } {
  const where = ['a.structure_id = ?'];
  const params: unknown[] = [structureId];
  const f = query.filters;
  where.push(`${f.tab === 'PUBLISHED' ? '' : 'not '}exists (select 1 ${SESSIONS_OF_ACTION} and s.status = 'PUBLISHED')`);
  if (f.search?.trim()) {
    where.push('(a.reference like ? or a.title like ? or a.market_number like ?)');
    params.push(...Array(3).fill(`%${f.search.trim()}%`));
  }
  if (f.mesure) {
    where.push("json_extract(a.data, '$.financing.mesure') like ?");
    params.push(`%${f.mesure}%`);
  }
  if (f.responsibleOnly) where.push(`exists (select 1 ${SESSIONS_OF_ACTION} and s.org_role = 'RESPONSABLE')`);
  const from = `from actions a where ${where.join(' and ')}`;
  const total = (store.sqlite.prepare(`select count(*) as n ${from}`).get(...params) as { n: number }).n;
  // The guide's table lists the newest references first.
  const order = query.sort === 'title' ? 'a.title collate nocase asc, a.id' : 'a.reference desc, a.id';
  const found = store.sqlite
    .prepare(`select a.id, a.pending is not null as pending,
        (select count(*) ${SESSIONS_OF_ACTION}) as sessionCount,
        (select count(*) ${SESSIONS_OF_ACTION} and s.status = 'PUBLISHED') as publishedSessionCount
      ${from} order by ${order} limit ? offset ?`)
    .all(...params, query.limit, query.offset) as { id: string; pending: number; sessionCount: number; publishedSessionCount: number }[];
  return {
    total,
    rows: found.flatMap((r) => {
      const action = read.action(structureId, r.id);
      if (!action) return [];
      return [{
        action,
        pending: r.pending === 1,
        sessionCount: r.sessionCount,
        publishedSessionCount: r.publishedSessionCount,
        canEnrich: permission(canEnrichActionThroughRoles(profile, read.rolesOnAction(structureId, r.id))),
      }];
    }),
  };
}
