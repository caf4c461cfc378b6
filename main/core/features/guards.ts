// The preconditions most channels share: someone signed in, an active structure, and for commands who acts where
// and when.
import { RafaelError } from '../../../shared/ipc/contract';
import type { AccountSession } from '../account-session';
import type { CommandContext } from '../commands';
import type { CoreContext } from '../core-context';

export function requireSignedIn(account: AccountSession): void {
  if (!account.signedIn) throw new RafaelError({ code: 'NOT_SIGNED_IN', message: 'not signed in', reason: { key: 'signInRequired' } });
}

export function activeStructure(account: AccountSession): string {
  requireSignedIn(account);
  const id = account.activeStructureId;
  if (!id) throw new RafaelError({ code: 'NO_ACTIVE_STRUCTURE', message: 'no active structure', reason: { key: 'noActiveStructure' } });
  return id;
}

export function commandContext({ account, clock, today }: Pick<CoreContext, 'account' | 'clock' | 'today'>): CommandContext {
  const structureId = activeStructure(account);
  const membership = account.activeMembership!;
  return { structureId, user: account.user!, membership, today: today(), now: clock() };
}
