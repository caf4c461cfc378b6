// Validation of an avis (seed 004, "Gérer les candidatures"). HSP has no selection: the avis is about
// administrative conformity. "Oui" needs planned entry and exit dates (exit after entry, both inside the market
// dates); "non" needs a motive with a justification, or "personne injoignable".
import type { CalendarDate } from './calendar-date';
import type { CandidatureState, NonRetentionMotive, SessionStatus } from './vocabulary';
import { checkAvisOpen } from './candidature-state';
import { formatFrenchDay } from './calendar-date';
import { allowed, firstRefusal, refused, type RuleResult } from './rule-result';

export type AvisDecision =
  | { kind: 'RETENUE'; plannedEntry: CalendarDate; plannedExit: CalendarDate }
  | { kind: 'NON_RETENUE'; motive: NonRetentionMotive; justification: string | null };

export type AvisContext = {
  candidature: { state: CandidatureState; avisDeadline: CalendarDate };
  session: { status: SessionStatus; marketStart: CalendarDate; marketEnd: CalendarDate };
  today: CalendarDate;
};

export const MIN_JUSTIFICATION_LENGTH = 3;

export function motiveNeedsJustification(motive: NonRetentionMotive): boolean {
  return motive !== 'PERSONNE_INJOIGNABLE';
}

/** The decision's own content, independent of the candidature's state. */
export function validateDecisionContent(
  decision: AvisDecision,
  market: { marketStart: CalendarDate; marketEnd: CalendarDate },
): RuleResult {
  if (decision.kind === 'RETENUE') {
    const { plannedEntry, plannedExit } = decision;
    const range = `du ${formatFrenchDay(market.marketStart)} au ${formatFrenchDay(market.marketEnd)}`;
    if (plannedEntry < market.marketStart || plannedEntry > market.marketEnd) {
      return refused('INVALID', `La date d'entrée prévisionnelle doit être dans les dates de marché (${range}).`, 'plannedEntry');
    }
    if (plannedExit <= plannedEntry) {
      return refused('INVALID', "La date de sortie prévisionnelle doit être après la date d'entrée.", 'plannedExit');
    }
    if (plannedExit > market.marketEnd) {
      return refused('INVALID', `La date de sortie prévisionnelle doit être dans les dates de marché (${range}).`, 'plannedExit');
    }
    return allowed;
  }
  if (motiveNeedsJustification(decision.motive)) {
    const text = decision.justification?.trim() ?? '';
    if (text.length < MIN_JUSTIFICATION_LENGTH) {
      return refused('INVALID', 'Justifiez le refus : précisez le document manquant ou la condition non remplie.', 'justification');
    }
  }
  return allowed;
}

/**
 * Whether any avis may be given on this candidature today, whatever its content: the session is not cancelled, the
 * candidature still pending, its deadline not passed. The client asks it before opening the form; the server again.
 */
export function checkAvisPossible(ctx: AvisContext): RuleResult {
  return firstRefusal(
    ctx.session.status === 'CANCELLED' ? refused('SESSION_CANCELLED', 'La session a été annulée : plus aucun avis ne peut être donné.') : allowed,
    checkAvisOpen(ctx.candidature.state),
    ctx.today > ctx.candidature.avisDeadline
      ? refused('DEADLINE_PASSED', `Le délai pour donner l'avis a expiré le ${formatFrenchDay(ctx.candidature.avisDeadline)}.`)
      : allowed,
  );
}

/** Everything that decides whether this avis may be given on this candidature today. */
export function validateAvis(decision: AvisDecision, ctx: AvisContext): RuleResult {
  return firstRefusal(checkAvisPossible(ctx), validateDecisionContent(decision, ctx.session));
}

/**
 * The decision as it is recorded: only what the form shows for it. A justification typed before switching to
 * « personne injoignable » is hidden, so it is dropped; blank text is no text.
 */
export function normalizeDecision<D extends AvisDecision>(decision: D): D {
  if (decision.kind !== 'NON_RETENUE') return decision;
  const text = decision.justification?.trim() ?? '';
  return { ...decision, justification: motiveNeedsJustification(decision.motive) && text ? text : null };
}

/**
 * Prefill of a retained avis: entry on the upcoming entry point, exit on the session's own end, each only when it
 * lies within the market dates (the market's end is a contract bound, never a planned exit).
 */
export function suggestPlannedDates(
  upcomingEntryPointDate: CalendarDate | null,
  session: { marketStart: CalendarDate; marketEnd: CalendarDate; endDate: CalendarDate | null },
): { plannedEntry: CalendarDate | null; plannedExit: CalendarDate | null } {
  const inMarket = (d: CalendarDate | null) => (d !== null && d >= session.marketStart && d <= session.marketEnd ? d : null);
  const plannedEntry = inMarket(upcomingEntryPointDate);
  const end = inMarket(session.endDate);
  return { plannedEntry, plannedExit: end !== null && (plannedEntry === null || end > plannedEntry) ? end : null };
}
