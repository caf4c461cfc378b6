// Long sync work runs in slices of at most SLICE_MS, with the event loop free in between, so the core keeps
// answering the window (and browser mode stays responsive) while a big page or a snapshot is read and written.

/**
 * Longest stretch of synchronous work between two yields to the event loop. A turn of the loop also runs what came
 * in meanwhile (the download's callbacks), so the longest gap the bench sees is a slice and then some. At 25 ms, once
 * the server streamed faster than the client wrote, 100k first syncs showed gaps of 44 to 55 ms (the longest of each
 * of four runs, against the 50 ms goal); at 20 ms, 33 to 39 ms in two runs, for no measurable loss of speed.
 */
export const SLICE_MS = 20;

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
