// What a benchmark file exports, and a small timing helper. Benchmarks print figures; they never pass or fail on
// timing (docs/architecture.md: benchmarks print figures beside their targets, never part of pass or fail).
import { performance } from 'node:perf_hooks';

export type BenchFigure = {
  name: string;
  value: number;
  unit: string;
  /** A budget to compare against, printed beside the figure, never asserted. Lower is better. */
  target?: number;
  /** The goal the figure answers (issue 12's table), in words; bench/RESULTS.md lists it with met or missed by how much. */
  goal?: string;
  /** The section of bench/RESULTS.md the figure belongs to (e.g. `PGlite, 100k candidatures`). */
  group?: string;
};

/** The default export of every bench/*.bench.ts file. Throwing means the benchmark crashed. */
export type Bench = () => Promise<BenchFigure[]>;

/**
 * Runs `fn` a few times to warm up, then `runs` times, and returns the median and the slowest run in ms.
 * `fn` returns a value that the caller's `check` inspects, so the work cannot be optimised away and a wrong
 * answer is a crash rather than a fast figure.
 */
export function time<T>(fn: () => T, check: (result: T) => void, options: { warmup?: number; runs?: number } = {}): { median: number; max: number } {
  const warmup = options.warmup ?? 2;
  const runs = options.runs ?? 9;
  for (let i = 0; i < warmup; i++) check(fn());
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = fn();
    samples.push(performance.now() - start);
    check(result);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, max: samples[samples.length - 1]! };
}

/** A small deterministic PRNG (mulberry32), so every run benchmarks the same synthetic data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The p-th percentile (0..100) of samples, nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
