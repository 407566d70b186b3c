// Timing helpers shared by the benchmarks (bench/*.bench.ts).

/** Milliseconds of each of `runs` sequential calls of `fn`. */
export async function time(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

/** The value at quantile `p` (0–1) of the samples, nearest-rank. */
export function quantiles(ms: number[]): (p: number) => number {
  const s = [...ms].sort((a, b) => a - b);
  return (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
}
