// How many rows the next commit of a long write takes. A commit holds the event loop while SQLite encrypts and writes
// every page its rows dirtied, so a long write (a snapshot load, a large delta page) commits in pieces sized to take
// about COMMIT_TARGET_MS each, learned from the last commit's rate as it goes: fewer, larger commits write less (a
// page dirtied by several rows is written once), larger ones hold the loop longer.

/**
 * What a commit should take. Well under SLICE_MS, because the same commit takes 2-3 times longer when the cores are
 * busy with a download, the server and the checkpoints (3 000 rows committed in 13 to 39 ms at 100k). Aimed at 20 ms,
 * the longest event-loop gap of 100k first syncs read 42-51 ms in 4 of 11 runs; aimed at 12 ms, at most 38 ms in 11,
 * for the same total time (at 10k too).
 */
export const COMMIT_TARGET_MS = 12;

export class CommitSize {
  private every: number;

  /**
   * `first`: the first commit's size, before any rate is known (the code runs cold then); `min` and `max` bound
   * every later one.
   */
  constructor(private readonly bounds: { first: number; min: number; max: number }) {
    this.every = bounds.first;
  }

  /** Rows the next commit takes. */
  get rows(): number {
    return this.every;
  }

  /**
   * A commit of `rows` took `ms`: the next one's size follows that rate, growing at most by half (the rate rises as
   * the tables grow; doubling while commits were quick let one of 16 000 rows take 56 ms at 100k).
   */
  learn(rows: number, ms: number): void {
    if (rows <= 0) return;
    const fitting = Math.round((rows * COMMIT_TARGET_MS) / Math.max(ms, 1));
    this.every = Math.max(this.bounds.min, Math.min(this.bounds.max, Math.round(1.5 * rows), fitting));
  }
}
