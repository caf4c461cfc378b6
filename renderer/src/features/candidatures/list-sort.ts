// The order a candidature list opens in. Most lists show the newest first; « avis sous 15 jours » is about what
// expires first, so it opens on the deadline, earliest at the top. A sort the user picks by a column header stays
// until they navigate to another list.
import type { CandidatureFilters, CandidatureListQuery } from '../../../../shared/ipc/views';

export type ListSort = CandidatureListQuery['sort'];

export const NEWEST_FIRST: ListSort = { field: 'createdOn', direction: 'desc' };
export const EARLIEST_DEADLINE_FIRST: ListSort = { field: 'avisDeadline', direction: 'asc' };

export function defaultSortFor(filters: CandidatureFilters): ListSort {
  return filters.deadlineSoon ? EARLIEST_DEADLINE_FIRST : NEWEST_FIRST;
}

/** A click on a column header: the same column flips direction, another one starts ascending. */
export function toggledSort(current: ListSort, field: ListSort['field']): ListSort {
  return current.field === field ? { field, direction: current.direction === 'asc' ? 'desc' : 'asc' } : { field, direction: 'asc' };
}
