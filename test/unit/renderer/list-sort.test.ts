import { describe, expect, it } from 'vitest';
import { defaultSortFor, toggledSort } from '../../../renderer/src/features/candidatures/list-sort';

describe('candidature list order', () => {
  it('opens « avis sous 15 jours » on the earliest deadline, other lists on the newest candidature', () => {
    expect(defaultSortFor({ deadlineSoon: true, states: ['EN_ATTENTE'] })).toEqual({ field: 'avisDeadline', direction: 'asc' });
    expect(defaultSortFor({ states: ['EN_ATTENTE'] })).toEqual({ field: 'createdOn', direction: 'desc' });
  });

  it('flips the clicked column, and starts another column ascending', () => {
    expect(toggledSort({ field: 'avisDeadline', direction: 'asc' }, 'avisDeadline')).toEqual({ field: 'avisDeadline', direction: 'desc' });
    expect(toggledSort({ field: 'createdOn', direction: 'desc' }, 'candidateName')).toEqual({ field: 'candidateName', direction: 'asc' });
  });
});
