// Making a candidature: a candidate applying, or a prescripteur validating a pre-registration. Capacity is checked
// with the shared counter rule while the session's entry points are locked (SELECT ... FOR UPDATE), so racing
// applications for the last place never overfill an entry point.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { checkCanApply } from '../../shared/domain/entry-point-counter';
import { defaultAvisDeadline } from '../../shared/domain/avis-deadline';
import { parisDay } from '../../shared/domain/calendar-date';
import type { RuleResult } from '../../shared/domain/rule-result';
import { Candidature, type EntryPoint, type Person } from '../../shared/protocol/entities';
import { restampCounters } from './entry-point-tallies';
import type { Tx } from '../db/database';
import { candidatures, entryPoints, sessions } from '../db/schema';
import { nextSeqSql } from '../db/write-transaction';
import { candidatureJson, decodeRow } from './rows';

export type IntakeOrigin = { origin: 'CANDIDAT' } | { origin: 'PRESCRIPTEUR'; structureId: string; structureName: string };

export type IntakeOutcome =
  | { ok: true; candidature: Candidature; entryPoints: EntryPoint[] }
  | { ok: false; refusal: Extract<RuleResult, { ok: false }> };

/**
 * `whenFull`: 'refuse' answers CAPACITY_REACHED (a prescripteur's validation is rejected); 'record' creates the
 * candidature as REFUS_SESSION_COMPLETE (a candidate's application on a full entry point, as the guide says).
 * `restamp: 'deferred'`: the caller restamps the session's counters later in the same transaction (a push batch
 * does it once per session, push.ts); the outcome then carries no entry points.
 */
export async function makeCandidature(
  tx: Tx,
  now: Date,
  sessionId: string,
  candidate: Person,
  from: IntakeOrigin,
  whenFull: 'refuse' | 'record',
  options: { restamp: 'now' | 'deferred' } = { restamp: 'now' },
): Promise<IntakeOutcome> {
  const [session] = await tx.select().from(sessions).where(eq(sessions.id, sessionId)).for('update');
  if (!session) return { ok: false, refusal: { ok: false, code: 'NOT_FOUND', message: 'Session introuvable.' } };
  const points = await tx.select().from(entryPoints).where(eq(entryPoints.sessionId, sessionId)).for('update');
  const counted = await tx
    .select({ state: candidatures.state, avisOn: candidatures.avisOn })
    .from(candidatures)
    .where(eq(candidatures.sessionId, sessionId));
  const today = parisDay(now);
  const check = checkCanApply(
    { status: session.status as 'PUBLISHED' | 'CANCELLED' | 'ARCHIVED' },
    points,
    counted as { state: 'EN_ATTENTE'; avisOn: string | null }[],
    today,
  );
  let state: 'EN_ATTENTE' | 'REFUS_SESSION_COMPLETE' = 'EN_ATTENTE';
  if (!check.ok) {
    if (check.code === 'CAPACITY_REACHED' && whenFull === 'record') state = 'REFUS_SESSION_COMPLETE';
    else return { ok: false, refusal: check };
  }
  const [created] = await tx
    .insert(candidatures)
    .values({
      id: randomUUID(),
      sessionId,
      candidate,
      origin: from.origin,
      prescriberStructureId: from.origin === 'PRESCRIPTEUR' ? from.structureId : null,
      prescriberStructureName: from.origin === 'PRESCRIPTEUR' ? from.structureName : null,
      createdAt: now.toISOString(),
      createdOn: today,
      avisDeadline: defaultAvisDeadline(today),
      state,
      seq: sql`${nextSeqSql}` as unknown as number,
    })
    .returning({ json: candidatureJson });
  return { ok: true, candidature: decodeRow(Candidature, created!.json), entryPoints: options.restamp === 'now' ? await restampCounters(tx, [sessionId], today) : [] };
}
