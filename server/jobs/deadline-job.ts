// The deadline job: pending candidatures whose avisDeadline has passed become AVIS_NON_TRANSMIS (shared rule).
import { and, eq, lt, sql } from 'drizzle-orm';
import { isPastAvisDeadline } from '../../shared/domain/avis-deadline';
import { isTransitionAllowed } from '../../shared/domain/candidature-state';
import { parisDay } from '../../shared/domain/calendar-date';
import type { ServerContext } from '../context';
import { candidatures } from '../db/schema';
import { nextSeqSql, writeTransaction } from '../db/write-transaction';
import { restampCounters } from '../sync/entry-point-tallies';

export async function runDeadlineJob(ctx: ServerContext): Promise<number> {
  const today = parisDay(ctx.clock.now());
  if (!isTransitionAllowed('EN_ATTENTE', 'AVIS_NON_TRANSMIS', 'SYSTEM')) return 0;
  return writeTransaction(ctx.db, async (tx) => {
    // The SQL pre-filter narrows the rows; the shared rule decides each one.
    const candidates = await tx
      .select({ id: candidatures.id, sessionId: candidatures.sessionId, state: candidatures.state, avisDeadline: candidatures.avisDeadline })
      .from(candidatures)
      .where(and(eq(candidatures.state, 'EN_ATTENTE'), lt(candidatures.avisDeadline, today)));
    const dueRows = candidates.filter((c) => isPastAvisDeadline({ state: 'EN_ATTENTE', avisDeadline: c.avisDeadline }, today));
    const due = dueRows.map((c) => c.id);
    for (let i = 0; i < due.length; i += 1000) {
      const chunk = due.slice(i, i + 1000);
      await tx
        .update(candidatures)
        .set({ state: 'AVIS_NON_TRANSMIS', version: sql`${candidatures.version} + 1`, seq: nextSeqSql as unknown as number })
        .where(sql`${candidatures.id} in ${chunk}`);
    }
    // Pending candidatures leave the count: every client must see the new counters.
    await restampCounters(tx, dueRows.map((c) => c.sessionId), today);
    return due.length;
  });
}
