// Rows of a server-side list fetched page by page as the user scrolls: only the visible pages are asked for,
// so 100k rows stay smooth. A new query key (filters, sort) or a data change starts over.
import { useCallback, useEffect, useRef, useState } from 'react';

export const PAGE_SIZE = 200;

export function usePagedRows<T>(fetchPage: (offset: number, limit: number) => Promise<{ total: number; rows: T[] }>, key: string, dataVersion: number) {
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<Map<number, T[]>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback((page: number, gen: number) => {
    if (loading.current.has(page)) return;
    loading.current.add(page);
    fetchRef.current(page * PAGE_SIZE, PAGE_SIZE)
      .then((result) => {
        if (gen !== generation.current) return;
        setTotal(result.total);
        setPages((prev) => new Map(prev).set(page, result.rows));
        setError(null);
      })
      .catch((e) => gen === generation.current && setError(e))
      .finally(() => loading.current.delete(page));
  }, []);

  const pagesRef = useRef(pages);
  pagesRef.current = pages;
  const lastKey = useRef<string | null>(null);
  useEffect(() => {
    generation.current += 1;
    loading.current = new Set();
    if (lastKey.current !== key) {
      // A new query: drop the old rows.
      lastKey.current = key;
      setPages(new Map());
      setTotal(null);
      load(0, generation.current);
    } else {
      // A data change: refetch the loaded pages in place, so the list does not flicker under the reviewer.
      const loaded = [...pagesRef.current.keys()];
      for (const page of loaded.length ? loaded : [0]) load(page, generation.current);
    }
  }, [key, dataVersion, load]);

  const ensureRange = useCallback(
    (start: number, end: number) => {
      for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor(Math.max(end, start) / PAGE_SIZE); p++) {
        if (!pages.has(p)) load(p, generation.current);
      }
    },
    [pages, load],
  );

  const rowAt = useCallback((index: number): T | undefined => pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], [pages]);

  return { total, rowAt, ensureRange, error };
}
