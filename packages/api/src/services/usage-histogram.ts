import { LATENCY_BUCKET_BOUNDS_MS, LATENCY_BUCKETS } from '@agentry/db';
import type { LatencyPercentiles } from './usage-types';

/** The bucket a latency falls in: the first whose upper bound is above it (the last holds the rest). */
export function latencyBucket(ms: number): number {
  let low = 0;
  let high: number = LATENCY_BUCKET_BOUNDS_MS.length;
  // Binary search over the bounds: the first bound greater than `ms`.
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ms < LATENCY_BUCKET_BOUNDS_MS[middle]!) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** A new histogram of zeros. */
export const emptyHistogram = (): number[] => new Array<number>(LATENCY_BUCKETS).fill(0);

/**
 * The value below which a fraction `p` of the histogram's counts lie, interpolated linearly inside its
 * bucket (as Prometheus' histogram_quantile does). The estimate and the true value share a bucket, so
 * the error is less than the bucket's width: under 5 ms below 10 ms, then at most 67% of its lower
 * bound; past the last bound (1,000,000 ms) the answer is that bound. Null for an empty histogram.
 */
export function histogramPercentile(counts: readonly number[], p: number): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = p * total;
  let below = 0;
  for (let index = 0; index < counts.length; index++) {
    const count = counts[index]!;
    if (count > 0 && below + count >= rank) {
      if (index >= LATENCY_BUCKET_BOUNDS_MS.length) return LATENCY_BUCKET_BOUNDS_MS.at(-1)!;
      const lower = index === 0 ? 0 : LATENCY_BUCKET_BOUNDS_MS[index - 1]!;
      const upper = LATENCY_BUCKET_BOUNDS_MS[index]!;
      return Math.round(lower + ((upper - lower) * (rank - below)) / count);
    }
    below += count;
  }
  return LATENCY_BUCKET_BOUNDS_MS.at(-1)!;
}

/** p50 and p95 of a histogram, or null when it is empty. */
export function latencyPercentiles(counts: readonly number[]): LatencyPercentiles | null {
  const p50 = histogramPercentile(counts, 0.5);
  const p95 = histogramPercentile(counts, 0.95);
  return p50 === null || p95 === null ? null : { p50, p95 };
}
