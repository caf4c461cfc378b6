// What the user reads, all from the local data so it works offline: the dashboard, the lists and their details,
// the outbox and the conflicts, and the exports (CSV of candidatures, JSON of unsent decisions).
import path from 'node:path';
import { RafaelError, type IpcHandlers } from '../../../shared/ipc/contract';
import type { CoreContext } from '../core-context';
import { candidaturesCsv } from '../exports/candidatures-csv';
import { candidatureExportRows } from '../exports/candidature-export-rows';
import { decisionsDocument, writeDecisionsFile, RECOVERY_DIR } from '../local-database';
import { listActions } from '../queries/actions-list';
import { conflictView, pendingView } from '../queue-views';
import { activeStructure, commandContext, requireSignedIn } from './guards';

type ReadingChannel =
  | 'dashboard.get' | 'candidatures.list' | 'candidatures.get' | 'candidatures.exportCsv' | 'sessions.list' | 'sessions.get'
  | 'actions.list' | 'preRegistrations.list' | 'outbox.list' | 'outbox.export' | 'conflicts.list';

export function readingHandlers(ctx: CoreContext): Pick<IpcHandlers, ReadingChannel> {
  const { account, engine, read, store, today } = ctx;
  const structure = () => activeStructure(account);
  return {
    'dashboard.get': async () => read.dashboard(structure(), today()),
    'candidatures.list': async (query) => {
      const conflicted = new Set(store.conflicts().flatMap((c) => (c.mutation.kind === 'avis' ? [c.mutation.payload.candidatureId] : [])));
      return read.candidatures(structure(), query, today(), conflicted);
    },
    'candidatures.get': async ({ id }) => {
      const structureId = structure();
      const detail = read.candidatureDetail(structureId, id, today(), account.activeMembership);
      if (!detail) throw new RafaelError({ code: 'NOT_FOUND', message: 'candidature not in the local data', reason: { key: 'notFoundLocally', params: { entity: 'candidature' } } });
      const { pendingMutationId, ...rest } = detail;
      const entry = pendingMutationId ? store.outbox(structureId).find((e) => e.id === pendingMutationId) : undefined;
      return { ...rest, pending: entry ? pendingView(entry, engine) : null };
    },
    'candidatures.exportCsv': async (query) => {
      const user = account.user;
      const rows = candidatureExportRows({ store, read, structureId: structure(), query, today: today(), userName: user ? `${user.firstName} ${user.lastName}` : null });
      return candidaturesCsv(rows, today());
    },
    'sessions.list': async (query) => read.sessions(structure(), query, today()),
    'sessions.get': async ({ id }) => {
      const detail = read.sessionDetail(structure(), id, today(), account.activeMembership);
      if (!detail) throw new RafaelError({ code: 'NOT_FOUND', message: 'session not in the local data', reason: { key: 'notFoundLocally', params: { entity: 'session' } } });
      return detail;
    },

    'actions.list': async (query) => listActions(store, read, structure(), query, account.activeMembership?.profile ?? null),
    'preRegistrations.list': async () => {
      const c = commandContext(ctx);
      const actor = { userId: c.user.id, structureId: c.structureId, profile: c.membership.profile };
      return read.preRegistrations(c.structureId, actor, c.today);
    },

    'outbox.list': async () => {
      requireSignedIn(account);
      return store.outbox().map((e) => pendingView(e, engine));
    },
    'outbox.export': async () => {
      requireSignedIn(account);
      // Also kept beside the database, in case the download is lost.
      const entries = store.outbox();
      const now = ctx.clock();
      const file = writeDecisionsFile(path.join(ctx.dataDir, RECOVERY_DIR), entries, now);
      ctx.logger.info({ count: entries.length, file: path.basename(file) }, 'outbox exported');
      return { fileName: `decisions-en-attente-${today()}.json`, mimeType: 'application/json', content: JSON.stringify(decisionsDocument(entries, now), null, 2) };
    },
    'conflicts.list': async () => {
      requireSignedIn(account);
      return store.conflicts().map(conflictView);
    },
  };
}
