// Today's deadline reminder for a structure: the candidatures in their last days read in SQL (a handful of groups
// along the deadline index), the decision left to the shared rule, and the day remembered so it comes once a day.
import { sql } from 'drizzle-orm';
import { addDays } from '../../../shared/domain/calendar-date';
import { LAST_DAYS_BEFORE_DEADLINE } from '../../../shared/domain/avis-deadline';
import { deadlineReminderDue, type ReminderCandidate } from '../../../shared/domain/deadline-reminder';
import type { ManagementProfile } from '../../../shared/domain/vocabulary';
import type { DeadlineReminder } from '../../../shared/ipc/views';
import type { LocalStore } from '../local-store';
import type { Preferences } from '../preferences';
import { EFFECTIVE_STATE } from './read-model';
import { allRows } from '../db/typed-sql';

export function claimDeadlineReminder(o: {
  store: LocalStore;
  prefs: Preferences;
  structure: { id: string; name: string };
  profile: ManagementProfile | null;
  today: string;
}): DeadlineReminder | null {
  const { store, prefs, structure, today } = o;
  // Cheap checks first: most calls of the day end here.
  if (!prefs.deadlineReminders || prefs.lastRemindedOn(structure.id) === today) return null;
  const candidatures = allRows(store.sqlite, sql<ReminderCandidate>`select s.org_role as orgRole, s.status as sessionStatus, ${EFFECTIVE_STATE} as state,
        c.avis_deadline as avisDeadline, count(*) as count
      from candidatures c join sessions s on s.structure_id = c.structure_id and s.id = c.session_id
      where c.structure_id = ${structure.id} and c.avis_deadline between ${today} and ${addDays(today, LAST_DAYS_BEFORE_DEADLINE)} group by 1, 2, 3, 4`);
  const due = deadlineReminderDue({ enabled: true, profile: o.profile, today, lastRemindedOn: prefs.lastRemindedOn(structure.id), candidatures });
  if (!due) return null;
  prefs.remindedOn(structure.id, today);
  return {
    structureId: structure.id,
    structureName: structure.name,
    ...due,
    // The « avis sous 15 jours » list of the roles that give avis: the reminded candidatures come first (by deadline).
    filters: { states: ['EN_ATTENTE'], deadlineSoon: true, roles: ['RESPONSABLE', 'POSITIONNEUR'] },
  };
}
