// The daily reminder: due once a day, only for candidatures the user can decide, in their last days.
import { describe, expect, it } from 'vitest';
import { deadlineReminderDue, type ReminderCandidate } from '../../../shared/domain/deadline-reminder';

const today = '2026-03-10';
const pending = (avisDeadline: string, over: Partial<ReminderCandidate> = {}): ReminderCandidate => ({
  state: 'EN_ATTENTE', avisDeadline, orgRole: 'RESPONSABLE', sessionStatus: 'PUBLISHED', count: 1, ...over,
});
const due = (candidatures: ReminderCandidate[], over: Partial<Parameters<typeof deadlineReminderDue>[0]> = {}) =>
  deadlineReminderDue({ enabled: true, profile: 'OF_GENERAL', today, lastRemindedOn: null, candidatures, ...over });

describe('deadlineReminderDue', () => {
  it('counts pending candidatures whose deadline is today or in the next three days, and names the earliest', () => {
    expect(due([pending('2026-03-13', { count: 2 }), pending('2026-03-10'), pending('2026-03-14'), pending('2026-03-09')]))
      .toEqual({ count: 3, earliestDeadline: '2026-03-10', lastDay: '2026-03-13' });
  });

  it('is given once a day, and never when turned off', () => {
    expect(due([pending('2026-03-11')], { lastRemindedOn: today })).toBeNull();
    expect(due([pending('2026-03-11')], { lastRemindedOn: '2026-03-09' })).not.toBeNull();
    expect(due([pending('2026-03-11')], { enabled: false })).toBeNull();
  });

  it('leaves out what the user cannot decide: other states, a formateur role, a catalogue profile, closed sessions', () => {
    expect(due([pending('2026-03-11', { state: 'RETENUE' })])).toBeNull();
    expect(due([pending('2026-03-11', { orgRole: 'FORMATEUR' })])).toBeNull();
    expect(due([pending('2026-03-11', { orgRole: 'POSITIONNEUR' })])).not.toBeNull();
    expect(due([pending('2026-03-11')], { profile: 'OF_CATALOGUE' })).toBeNull();
    expect(due([pending('2026-03-11')], { profile: 'PRESCRIPTEUR_N3' })).toBeNull();
    expect(due([pending('2026-03-11', { sessionStatus: 'ARCHIVED' }), pending('2026-03-11', { sessionStatus: 'CANCELLED' })])).toBeNull();
    expect(due([])).toBeNull();
  });
});
