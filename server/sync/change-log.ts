// Writing rows so pulls see them: every write stamps the row with the next change sequence number, and a row a
// structure can no longer see leaves a tombstone (for that structure, or for everyone when structureId is null).
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/database';
import { nextSeq } from '../db/database';
import { actions, candidatures, entryPoints, removals, sessions } from '../db/schema';

export type RemovableKind = 'actions' | 'sessions' | 'entryPoints' | 'candidatures' | 'preRegistrations';

export async function addRemoval(tx: Executor, structureId: string | null, kind: RemovableKind, rowId: string): Promise<void> {
  await tx.insert(removals).values({ seq: await nextSeq(tx), structureId, kind, rowId });
}

/** Re-stamps a session and everything hanging off it, so a structure that just gained a role pulls them all. */
export async function touchSessionTree(tx: Executor, sessionId: string): Promise<void> {
  const next = sql`nextval('change_seq')`;
  const [session] = await tx.update(sessions).set({ seq: next }).where(eq(sessions.id, sessionId)).returning({ actionId: sessions.actionId });
  if (session) await tx.update(actions).set({ seq: next }).where(eq(actions.id, session.actionId));
  await tx.update(entryPoints).set({ seq: next }).where(eq(entryPoints.sessionId, sessionId));
  await tx.update(candidatures).set({ seq: next }).where(eq(candidatures.sessionId, sessionId));
}

/** Tombstones, for one structure, of a session and everything hanging off it (the structure lost its role). */
export async function removeSessionTreeFor(tx: Executor, structureId: string, sessionId: string, actionStillVisible: boolean): Promise<void> {
  const [session] = await tx.select({ actionId: sessions.actionId }).from(sessions).where(eq(sessions.id, sessionId));
  await addRemoval(tx, structureId, 'sessions', sessionId);
  for (const e of await tx.select({ id: entryPoints.id }).from(entryPoints).where(eq(entryPoints.sessionId, sessionId))) {
    await addRemoval(tx, structureId, 'entryPoints', e.id);
  }
  for (const c of await tx.select({ id: candidatures.id }).from(candidatures).where(eq(candidatures.sessionId, sessionId))) {
    await addRemoval(tx, structureId, 'candidatures', c.id);
  }
  if (session && !actionStillVisible) await addRemoval(tx, structureId, 'actions', session.actionId);
}
