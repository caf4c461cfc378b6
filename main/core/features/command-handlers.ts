// What the user decides: each command is checked and queued with its overlay by Commands (commands.ts); here it is
// announced (data and status) and its push scheduled for when the undo window closes.
import type { IpcHandlers } from '../../../shared/ipc/contract';
import type { CoreContext } from '../core-context';
import { commandContext, requireSignedIn } from './guards';

type CommandChannel =
  | 'avis.give' | 'actions.enrich' | 'preRegistrations.create' | 'preRegistrations.validate' | 'preRegistrations.delete'
  | 'outbox.cancel' | 'outbox.edit' | 'conflicts.resubmit' | 'conflicts.discard';

export function commandHandlers(ctx: CoreContext): Pick<IpcHandlers, CommandChannel> {
  const { account, commands, engine, events, status } = ctx;
  const changed = () => {
    events.emit('data.changed', { structureId: account.activeStructureId });
    status.publish();
  };
  const queued = (mutationId: string) => {
    changed();
    ctx.scheduler.poke(ctx.pushAfterCommandMs);
    return { mutationId };
  };
  const ok = { ok: true as const };
  return {
    'avis.give': async ({ candidatureId, decision }) => queued(commands.giveAvis(commandContext(ctx), candidatureId, decision)),
    'actions.enrich': async (payload) => queued(commands.enrich(commandContext(ctx), payload)),
    'preRegistrations.create': async ({ sessionId, candidate }) => queued(commands.createPreRegistration(commandContext(ctx), sessionId, candidate)),
    'preRegistrations.validate': async ({ preRegistrationId }) => queued(commands.validatePreRegistration(commandContext(ctx), preRegistrationId)),
    'preRegistrations.delete': async ({ preRegistrationId }) => queued(commands.deletePreRegistration(commandContext(ctx), preRegistrationId)),

    'outbox.cancel': async ({ id }) => {
      commands.cancelQueued(commandContext(ctx), id, engine.inFlight);
      changed();
      return ok;
    },
    'outbox.edit': async ({ id, decision }) => queued(commands.editQueued(commandContext(ctx), id, decision, engine.inFlight)),
    'conflicts.resubmit': async ({ conflictId, decision, enrich }) => queued(commands.resubmit(commandContext(ctx), conflictId, { decision, enrich })),
    'conflicts.discard': async ({ conflictId }) => {
      requireSignedIn(account);
      commands.discard(conflictId);
      changed();
      return ok;
    },
  };
}
