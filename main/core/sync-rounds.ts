// What the scheduler runs: one round refreshes the account, then syncs every structure with something to do (the
// active one, and any other still holding unsent decisions).
import type { CoreContext } from './core-context';
import { announceConflicts } from './queue-views';
import { ServerCallError } from './sync/server-client';

/**
 * Memberships change on the server (a référent detaches the user, changes a profile): each round starts from the
 * current account, and what the user may no longer see leaves this machine.
 */
async function refreshAccount({ account, client, engine, status, store, journal, events, clock }: CoreContext): Promise<void> {
  let me;
  try {
    me = await client.me();
  } catch (error) {
    engine.recordFailure(error); // its change event publishes the status
    throw error;
  }
  const before = JSON.stringify([account.user, account.memberships, account.activeStructureId]);
  account.refreshed(me);
  const member = new Set(me.memberships.map((m) => m.structure.id));
  const now = clock().toISOString();
  const moved = store.knownStructures().filter((id) => !member.has(id)).flatMap((id) => store.forgetStructure(id, now));
  if (moved.length) {
    moved.forEach((id) => journal.done(id));
    announceConflicts(events, store, moved);
  }
  if (JSON.stringify([account.user, account.memberships, account.activeStructureId]) !== before || moved.length) {
    status.publish();
    events.emit('data.changed', { structureId: account.activeStructureId });
  }
}

export async function syncRound(ctx: CoreContext): Promise<void> {
  const { account, engine, prefs, store, scheduler } = ctx;
  if (!account.signedIn || account.token === null || engine.needsSignIn || engine.suspended || prefs.workOffline) return;
  const began = ctx.clock().getTime();
  // The active structure's next delta page travels while the account refreshes: one round trip instead of two
  // before a round's rows arrive (field connections have long ones). It is applied only after the refresh, by the
  // structure's round, if the user still sees the structure.
  if (account.activeStructureId) engine.prefetchPull(account.activeStructureId);
  try {
    await refreshAccount(ctx);
    const targets = new Set(store.structuresWithPending());
    const active = account.activeStructureId;
    if (active) targets.add(active);
    let failure: unknown = null;
    for (const structureId of targets) {
      try {
        await engine.sync(structureId);
      } catch (error) {
        failure ??= error;
        if (error instanceof ServerCallError && (error.kind === 'unreachable' || error.kind === 'unauthenticated')) break;
      }
    }
    if (failure) throw failure;
    // Decisions still in their undo window when the round began get a round of their own as soon as it closes (at
    // once if it closed meanwhile: the round, pulling, did not send them).
    const release = engine.nextRelease([...targets], began);
    if (release !== null) scheduler.poke(release + 50);
  } finally {
    engine.dropPrefetched();
  }
}
