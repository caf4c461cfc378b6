// Long sync work runs in slices of at most SLICE_MS, with the event loop free in between, so the core keeps
// answering the window (and browser mode stays responsive) while a big page or a snapshot is read and written.

/** Longest stretch of synchronous work between two yields to the event loop. */
export const SLICE_MS = 25;

export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Time slices: `due()` says when the current one is used up; `next()` yields and starts another. */
export class Slices {
  private start = performance.now();
  due(): boolean {
    return performance.now() - this.start >= SLICE_MS;
  }
  async next(): Promise<void> {
    await yieldToEventLoop();
    this.start = performance.now();
  }
  async maybeNext(): Promise<void> {
    if (this.due()) await this.next();
  }
}
