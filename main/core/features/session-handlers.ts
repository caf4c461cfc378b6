// Who uses the core: sign-in (online, or offline against the stored verifier), sign-out (which wipes this user's
// data once nothing of theirs is left unsent) and the switch between the user's structures.
import { z } from 'zod';
import { RafaelError, type IpcHandlers } from '../../../shared/ipc/contract';
import { KV_RECOVERY } from '../app-status';
import { KV_CLIENT_ID, type CoreContext } from '../core-context';
import { pendingCounts } from '../queries/pending-counts';
import { ServerCallError } from '../sync/server-client';
import { requireSignedIn } from './guards';
import { toIpcError } from './online-handlers';

/** Who a rebuilt database's recovered decisions belong to (local-database.ts writes the whole report). */
const RecoveryOwners = z.object({ owners: z.array(z.string()).optional() });

type SessionChannel = 'app.getState' | 'auth.signIn' | 'auth.signOut' | 'structures.setActive';

export function sessionHandlers(ctx: CoreContext): Pick<IpcHandlers, SessionChannel> {
  const { account, client, engine, events, scheduler, status, store } = ctx;

  /**
   * Every personal row and the journal go; this installation's client id stays. No round may start or still run
   * meanwhile: a page landing after the wipe would bring the data back. The scheduler is left stopped.
   */
  const wipeLocalData = async (beforeWipe: () => Promise<void> = async () => undefined) => {
    scheduler.stop();
    await engine.suspendWhile(async () => {
      await beforeWipe();
      store.wipe();
      store.setKv(KV_CLIENT_ID, ctx.clientId);
      ctx.journal.reset([]);
    });
  };

  return {
    'app.getState': async () => status.appState(),

    'auth.signIn': async ({ email, password }) => {
      let response;
      const verifier = account.prepareVerifier(password);
      try {
        response = await client.login({ email, password });
      } catch (error) {
        if (error instanceof ServerCallError && error.kind === 'unreachable') {
          if (account.hasOfflineVerifier(email)) {
            if (!(await account.verifyOffline(email, password))) throw new RafaelError({ code: 'INVALID_CREDENTIALS', message: 'offline sign-in: wrong e-mail or password', reason: { key: 'invalidCredentials' } });
            account.signedInOffline();
            engine.wentOffline();
            return status.publish();
          }
          throw new RafaelError({ code: 'OFFLINE', message: 'server unreachable and no offline verifier for this e-mail', reason: { key: 'firstSignInNeedsServer' } });
        }
        if (error instanceof ServerCallError && (error.kind === 'unauthenticated' || (error.kind === 'rejected' && error.status === 401))) {
          throw new RafaelError({ code: 'INVALID_CREDENTIALS', message: error.message, reason: error.apiError ? error.reason : { key: 'invalidCredentials' } });
        }
        throw toIpcError(error);
      }
      // Decisions recovered into a rebuilt database belong to their authors: nobody else sends them.
      const recovered = store.readKv(KV_RECOVERY, RecoveryOwners);
      if (recovered?.owners?.length && !recovered.owners.includes(response.user.id) && store.outboxCount() > 0) {
        throw new RafaelError({ code: 'OUTBOX_NOT_EMPTY', message: 'recovered decisions of another user are queued', reason: { key: 'otherUserRecovered' } });
      }
      if (account.isOtherUser(response.user.id)) {
        if (store.outboxCount() + store.conflictCount() > 0) {
          throw new RafaelError({ code: 'OUTBOX_NOT_EMPTY', message: 'decisions of another user are unsent or unsettled', reason: { key: 'otherUserPending' } });
        }
        await wipeLocalData();
        scheduler.start();
      }
      await account.signedInOnline(response, verifier);
      engine.signedIn();
      const state = status.publish();
      void scheduler.now();
      return state;
    },

    'auth.signOut': async ({ discardPending }) => {
      const conflicts = store.conflictCount();
      if (store.outboxCount() + conflicts > 0 && !discardPending) {
        throw new RafaelError({
          code: 'OUTBOX_NOT_EMPTY',
          message: 'unsent decisions or unsettled conflicts',
          reason: { key: 'unsentBeforeSignOut', params: { ...pendingCounts(store), conflicts } },
        });
      }
      await wipeLocalData(async () => {
        await client.logout().catch(() => undefined); // best effort: the token is forgotten locally anyway
        await account.forgetToken();
      });
      engine.signedOut();
      const state = status.publish();
      scheduler.start();
      return state;
    },

    'structures.setActive': async ({ structureId }) => {
      requireSignedIn(account);
      if (!account.setActive(structureId)) throw new RafaelError({ code: 'FORBIDDEN', message: 'not a member of this structure', reason: { key: 'notMember' }, field: 'structureId' });
      const state = status.publish();
      events.emit('data.changed', { structureId });
      void scheduler.now();
      return state;
    },
  };
}
