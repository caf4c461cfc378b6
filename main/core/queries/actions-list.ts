// « Gestion des formations » (seed 004, « Valoriser son offre »): the structure's actions as the guide lists them
// (Formations conventionnées, tab « Publiées », a filter, then the pencil), with the user's unsent enrichment laid
// over each and whether the user may enrich it, by the same rule the enrich command applies.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ActionListQuery, ActionListRow } from '../../../shared/ipc/views';
import { Action } from '../../../shared/protocol/entities';
import { OrgRole, type ManagementProfile } from '../../../shared/domain/vocabulary';
import { canEnrichActionThroughRoles } from '../../../shared/domain/rights';
import { permission, type ReadModel } from './read-model';
import { ActionOverlay, type LocalStore } from '../local-store';
import type { ActionRow } from '../db/schema';
import { aggregateRow, allOf, allRows, readStoredJson } from '../db/typed-sql';

const SESSIONS_OF_ACTION = sql`from sessions s where s.structure_id = a.structure_id and s.action_id = a.id`;

/** An action of the page with what its row shows (roles: JSON array of the org roles the structure holds on it). */
type ActionPageRow = Pick<ActionRow, 'id' | 'data' | 'pending'> & { sessionCount: number; publishedSessionCount: number; roles: string };

export function listActions(
  store: LocalStore,
  /** Not needed any more (the page query reads each action whole); kept until features/reading-handlers.ts drops it. */
  _read: ReadModel,
  structureId: string,
  query: ActionListQuery,
  profile: ManagementProfile | null,
): { total: number; rows: ActionListRow[] } {
  const f = query.filters;
  const where = [
    sql`a.structure_id = ${structureId}`,
    sql.join([sql.raw(f.tab === 'PUBLISHED' ? '' : 'not '), sql`exists (select 1 ${SESSIONS_OF_ACTION} and s.status = 'PUBLISHED')`]),
  ];
  const search = f.search?.trim();
  if (search) where.push(sql`a.reference like ${`%${search}%`} or a.title like ${`%${search}%`} or a.market_number like ${`%${search}%`}`);
  if (f.mesure) where.push(sql`json_extract(a.data, '$.financing.mesure') like ${`%${f.mesure}%`}`);
  if (f.responsibleOnly) where.push(sql`exists (select 1 ${SESSIONS_OF_ACTION} and s.org_role = 'RESPONSABLE')`);
  const from = sql`from actions a where ${allOf(where)}`;
  const total = aggregateRow(store.sqlite, sql<{ n: number }>`select count(*) as n ${from}`).n;
  // The guide's table lists the newest references first.
  const order = query.sort === 'title' ? sql`a.title collate nocase asc, a.id` : sql`a.reference desc, a.id`;
  const found = allRows(store.sqlite, sql<ActionPageRow>`select a.id, a.data, a.pending,
        (select count(*) ${SESSIONS_OF_ACTION}) as sessionCount,
        (select count(*) ${SESSIONS_OF_ACTION} and s.status = 'PUBLISHED') as publishedSessionCount,
        (select json_group_array(distinct s.org_role) ${SESSIONS_OF_ACTION} and s.org_role is not null) as roles
      ${from} order by ${order} limit ${query.limit} offset ${query.offset}`);
  return {
    total,
    rows: found.map((r) => ({
      // Read back without zod (a page holds up to 500 actions): written from rows checked at the sync edge.
      action: { ...readStoredJson(Action, r.data), ...(r.pending ? readStoredJson(ActionOverlay, r.pending) : {}) },
      pending: r.pending !== null,
      sessionCount: r.sessionCount,
      publishedSessionCount: r.publishedSessionCount,
      canEnrich: permission(canEnrichActionThroughRoles(profile, readStoredJson(z.array(OrgRole), r.roles))),
    })),
  };
}
