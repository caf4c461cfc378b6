// A server-side list read page by page as the user scrolls: only the pages on screen (and the selected row's) are
// asked for, so 100k rows stay smooth. Each page is its own query keyed by its offset: a change of the core reads
// again the pages on screen, in place (the list does not flicker under the reviewer); a page scrolled away stays
// cached, and is read again when it comes back if the core changed since. New filters or sort start at page 0.
import { useCallback, useState } from 'react';
import { useQueries } from '@tanstack/react-query';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/ipc/contract';
import { invoke } from './api';
import { ipcKey, queryClient } from './query-client';
import { useQueryScope } from './use-ipc-query';

const PAGE_SIZE = 200;

type PagedChannel = Extract<ChannelName, 'candidatures.list' | 'sessions.list'>;
type PageOf<C extends PagedChannel> = ChannelOutput<C>;
type RowOf<C extends PagedChannel> = PageOf<C>['rows'][number];

export function usePagedQuery<C extends PagedChannel>(channel: C, query: Omit<ChannelInput<C>, 'offset' | 'limit'>, options: { pinnedIndex?: number | null } = {}) {
  const scope = useQueryScope();
  const key = JSON.stringify([channel, query, scope]);
  // The pages the list shows, for the query they were measured on: a new query starts from its first page.
  const [shown, setShown] = useState({ key, first: 0, last: 0 });
  const range = shown.key === key ? shown : { key, first: 0, last: 0 };
  const pages: number[] = [];
  for (let page = range.first; page <= range.last; page++) pages.push(page);
  const pinned = options.pinnedIndex != null && shown.key === key ? Math.floor(options.pinnedIndex / PAGE_SIZE) : null;
  if (pinned !== null && !pages.includes(pinned)) pages.push(pinned);

  const inputOf = (page: number) => ({ ...query, offset: page * PAGE_SIZE, limit: PAGE_SIZE }) as ChannelInput<C>;
  const results = useQueries({
    queries: pages.map((page) => ({ queryKey: ipcKey(channel, inputOf(page), scope), queryFn: () => invoke(channel, inputOf(page)) as Promise<PageOf<C>> })),
  });

  const loaded = new Map<number, PageOf<C>>();
  let total: number | null = null;
  let newest = -1;
  let error: Error | null = null;
  results.forEach((result, i) => {
    if (result.data) {
      loaded.set(pages[i]!, result.data);
      // The latest answer counts the rows: after a change, a page read earlier may count the old ones.
      if (result.dataUpdatedAt > newest) {
        newest = result.dataUpdatedAt;
        total = result.data.total;
      }
    }
    error ??= result.error;
  });

  const ensureRange = useCallback(
    (start: number, end: number) => {
      const first = Math.floor(start / PAGE_SIZE);
      const last = Math.floor(Math.max(start, end) / PAGE_SIZE);
      setShown((prev) => (prev.key === key && prev.first === first && prev.last === last ? prev : { key, first, last }));
    },
    [key],
  );

  const rowAt = (index: number): RowOf<C> | undefined => {
    const page = Math.floor(index / PAGE_SIZE);
    // A page just scrolled into view shows its cached rows before its query is observed.
    const rows = (loaded.get(page) ?? queryClient.getQueryData<PageOf<C>>(ipcKey(channel, inputOf(page), scope)))?.rows;
    return rows?.[index % PAGE_SIZE] as RowOf<C> | undefined;
  };

  /** Where a row is among the pages read (those on screen and the selected row's), or null. */
  const indexOf = (id: string): number | null => {
    for (const [page, data] of loaded) {
      const at = data.rows.findIndex((row) => row.id === id);
      if (at !== -1) return page * PAGE_SIZE + at;
    }
    return null;
  };

  return { total: total as number | null, rowAt, indexOf, ensureRange, error: error as Error | null };
}
