// Who uses the core: sign-in (online, or offline against the stored verifier), sign-out (which wipes this user's
// data once nothing of theirs is left unsent) and the switch between the user's structures.
import { RafaelError, type IpcHandlers } from '../../../shared/ipc/contract';
import { frenchPendingList, type PendingCounts } from '../../../shared/domain/pending-kinds';
import { KV_RECOVERY } from '../app-status';
import { KV_CLIENT_ID, type CoreContext } from '../core-context';
import type { Recovery } from '../local-database';
import { pendingCounts } from '../queries/pending-counts';
import { ServerCallError } from '../sync/server-client';
import { requireSignedIn } from './guards';
import { toIpcError } from './online-handlers';

type SessionChannel = 'app.getState' | 'auth.signIn' | 'auth.signOut' | 'structures.setActive';

function unsentMessage(pending: PendingCounts, conflicts: number): string {
  const total = pending.avis + pending.preRegistrations + pending.offer;
  const parts = [
    total ? `${frenchPendingList(pending)} ${total === 1 ? "n'est" : 'ne sont'} pas encore envoyé${total === 1 ? '' : 's'}` : null,
    conflicts ? (conflicts === 1 ? '1 décision refusée attend votre choix dans « Conflits »' : `${conflicts} décisions refusées attendent votre choix dans « Conflits »`) : null,
  ].filter(Boolean);
  return `${parts.join(' et ')}. Synchronisez ou réglez-les avant de vous déconnecter, ou confirmez leur abandon.`;
}

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
      try {
        response = await client.login({ email, password });
      } catch (error) {
        if (error instanceof ServerCallError && error.kind === 'unreachable') {
          if (account.hasOfflineVerifier(email)) {
            if (!account.verifyOffline(email, password)) throw new RafaelError({ code: 'INVALID_CREDENTIALS', message: 'E-mail ou mot de passe incorrect.' });
            account.signedInOffline();
            engine.wentOffline();
            return status.publish();
          }
          throw new RafaelError({ code: 'OFFLINE', message: 'Serveur injoignable. La première connexion sur cet ordinateur nécessite une connexion au serveur RafaelPro.' });
        }
        if (error instanceof ServerCallError && (error.kind === 'unauthenticated' || (error.kind === 'rejected' && error.status === 401))) {
          throw new RafaelError({ code: 'INVALID_CREDENTIALS', message: error.message || 'E-mail ou mot de passe incorrect.' });
        }
        throw toIpcError(error);
      }
      // Decisions recovered into a rebuilt database belong to their authors: nobody else sends them.
      const recovered = store.getKv<Recovery>(KV_RECOVERY);
      if (recovered?.owners?.length && !recovered.owners.includes(response.user.id) && store.outboxCount() > 0) {
        throw new RafaelError({ code: 'OUTBOX_NOT_EMPTY', message: "Des décisions récupérées d'un autre utilisateur attendent d'être envoyées sur cet ordinateur : il doit se connecter pour les transmettre." });
      }
      if (account.isOtherUser(response.user.id)) {
        if (store.outboxCount() + store.conflictCount() > 0) {
          throw new RafaelError({ code: 'OUTBOX_NOT_EMPTY', message: "Des décisions d'un autre utilisateur ne sont pas encore envoyées ou réglées sur cet ordinateur : il doit se reconnecter pour les transmettre." });
        }
        await wipeLocalData();
        scheduler.start();
      }
      await account.signedInOnline(response, password);
      engine.signedIn();
      const state = status.publish();
      void scheduler.now();
      return state;
    },

    'auth.signOut': async ({ discardPending }) => {
      const conflicts = store.conflictCount();
      if (store.outboxCount() + conflicts > 0 && !discardPending) {
        throw new RafaelError({ code: 'OUTBOX_NOT_EMPTY', message: unsentMessage(pendingCounts(store), conflicts) });
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
      if (!account.setActive(structureId)) throw new RafaelError({ code: 'FORBIDDEN', message: "Vous n'êtes pas membre de cette structure.", field: 'structureId' });
      const state = status.publish();
      events.emit('data.changed', { structureId });
      void scheduler.now();
      return state;
    },
  };
}
