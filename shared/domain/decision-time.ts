// When an avis counts (docs/domain.md, "When a decision counts"): from the day the user gave it, not the day it
// reached the server. A retention given offline on E(k)'s day belongs to E(k)'s window even if it is synced after
// E(k). The server trusts the client's clock only within bounds, so that a wrong clock cannot move a decision into
// a window of its choosing:
// - not in the future beyond a small clock skew;
// - not before the candidature arrived (minus the same skew);
// - not older than MAX_OFFLINE_DAYS (a laptop left offline longer than that sends decisions dated by the server).
// Outside the bounds the server dates the avis by its own clock and records why (DecisionTimeNote).
import { parisDay, type CalendarDate } from './calendar-date';
import type { DecisionTimeNote } from './vocabulary';

export const DECISION_CLOCK_SKEW_MS = 5 * 60_000;
export const MAX_OFFLINE_DAYS = 30;

export type AcceptedDecisionTime = {
  /** The instant the avis is recorded as given. */
  at: string;
  /** Its Paris day: the day the counter rule works with. */
  day: CalendarDate;
  /** Null when the user's decision time was kept; otherwise why the server's own time was used. */
  note: DecisionTimeNote | null;
};

export function acceptedDecisionTime(
  decidedAt: string | null | undefined,
  ctx: { receivedAt: Date; candidatureCreatedAt: string },
): AcceptedDecisionTime {
  const received = { at: ctx.receivedAt.toISOString(), day: parisDay(ctx.receivedAt) };
  if (!decidedAt) return { ...received, note: 'MISSING' };
  const decided = new Date(decidedAt).getTime();
  if (Number.isNaN(decided)) return { ...received, note: 'MISSING' };
  const now = ctx.receivedAt.getTime();
  if (decided > now + DECISION_CLOCK_SKEW_MS) return { ...received, note: 'FUTURE' };
  if (decided < new Date(ctx.candidatureCreatedAt).getTime() - DECISION_CLOCK_SKEW_MS) return { ...received, note: 'BEFORE_CANDIDATURE' };
  if (decided < now - MAX_OFFLINE_DAYS * 86_400_000) return { ...received, note: 'TOO_OLD' };
  // A decision a little ahead of the server's clock (within the skew) is recorded at the server's instant.
  const at = new Date(Math.min(decided, now));
  return { at: at.toISOString(), day: parisDay(at), note: null };
}
