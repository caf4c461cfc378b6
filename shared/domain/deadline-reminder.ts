// The daily deadline reminder, which no web tool gives: once a day, when pending candidatures the user can decide
// reach their last days before « avis non transmis », the app says how many and opens their list. This file decides
// whether one is due; the core claims it once a day, the platform shows it (Electron's notification through
// main/shell/notifications.ts, or the browser's).
import type { CalendarDate } from './calendar-date';
import { addDays } from './calendar-date';
import { isInLastDays, LAST_DAYS_BEFORE_DEADLINE } from './avis-deadline';
import { canGiveAvis } from './rights';
import type { CandidatureState, ManagementProfile, OrgRole, SessionStatus } from './vocabulary';

/** A candidature as the reminder sees it (a SQL group: `count` alike ones). */
export type ReminderCandidate = {
  state: CandidatureState;
  avisDeadline: CalendarDate;
  orgRole: OrgRole | null;
  sessionStatus: SessionStatus;
  count: number;
};

export type ReminderDue = { count: number; earliestDeadline: CalendarDate; lastDay: CalendarDate };

/**
 * Due when the reminder is on, was not given today, and at least one candidature the user may decide (the shared
 * avis rule) waits on a published session with its deadline in the last days. Archived sessions are left out, as
 * in the lists.
 */
export function deadlineReminderDue(input: {
  enabled: boolean;
  profile: ManagementProfile | null;
  today: CalendarDate;
  lastRemindedOn: CalendarDate | null;
  candidatures: Iterable<ReminderCandidate>;
}): ReminderDue | null {
  if (!input.enabled || input.lastRemindedOn === input.today) return null;
  let count = 0;
  let earliest: CalendarDate | null = null;
  for (const c of input.candidatures) {
    if (c.sessionStatus !== 'PUBLISHED' || !isInLastDays(c, input.today) || !canGiveAvis(input.profile, c.orgRole).ok) continue;
    count += c.count;
    if (earliest === null || c.avisDeadline < earliest) earliest = c.avisDeadline;
  }
  return count > 0 && earliest ? { count, earliestDeadline: earliest, lastDay: addDays(input.today, LAST_DAYS_BEFORE_DEADLINE) } : null;
}
