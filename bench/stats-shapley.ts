// Benchmark of the key-driver statistics and of the NPS interval (src/stats).
// Run: node --import tsx bench/stats-shapley.ts   (results are written down in docs/stats.md)
//
// shapleyR2 / relativeWeights on 10,000 rows × 5, 10, 15 predictors (correlated synthetic ratings),
// split into the correlation pass over the rows and the 2^p sub-model enumeration; and the
// throughput of npsFromCounts (the call every dashboard cell makes).
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { npsDifference, npsFromCounts, relativeWeights, shapleyR2 } from '../src/stats/index.ts';
import { allSubsetRSquared } from '../src/stats/shapley-r2.ts';

function dataset(rows: number, p: number, seed = 1): { X: number[][]; y: number[] } {
  let s = seed;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const mood = rand();
    const row = Array.from({ length: p }, () => Math.min(5, 1 + Math.floor((0.6 * mood + 0.4 * rand()) * 5)));
    X.push(row);
    y.push(Math.min(10, Math.max(0, Math.round(row.reduce((t, v, j) => t + v * (0.1 + (j % 4) * 0.1), 0) + rand() * 2))));
  }
  return { X, y };
}

function time(runs: number, work: () => void): { median: number; min: number } {
  work(); // warm-up (JIT)
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    work();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]! };
}

const rows = 10_000;
console.log(`Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})\n`);
console.log('| predictors | rows | shapleyR2 median (min) | of which 2^p sub-models | relativeWeights median |');
console.log('|---:|---:|---:|---:|---:|');
for (const p of [5, 10, 15]) {
  const { X, y } = dataset(rows, p);
  const runs = p === 15 ? 15 : 30;
  const shapley = time(runs, () => shapleyR2(X, y));
  // The enumeration alone, on the (p+1)×(p+1) correlation matrix.
  const k = p + 1;
  const correlation = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) correlation[a * k + b] = a === b ? 1 : 0.3;
  const subsets = time(runs, () => allSubsetRSquared(correlation, k));
  const rw = time(runs, () => relativeWeights(X, y));
  console.log(`| ${p} | ${rows.toLocaleString('en')} | ${shapley.median.toFixed(1)} ms (${shapley.min.toFixed(1)}) | ${subsets.median.toFixed(2)} ms (${(2 ** p).toLocaleString('en')} R²) | ${rw.median.toFixed(1)} ms |`);
}

const calls = 1_000_000;
let s = 7;
const counts = Array.from({ length: 1024 }, () => ({ promoters: (s = (s * 1103515245 + 12345) % 2 ** 31) % 500, passives: s % 300, detractors: 1 + (s % 200) }));
for (const method of ['adjusted-wald', 'wald'] as const) {
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < calls; i++) sink += npsFromCounts(counts[i & 1023]!, { method }).ci[0];
  const ms = performance.now() - t0;
  console.log(`${method === 'wald' ? '' : '\n'}npsFromCounts (${method}): ${calls.toLocaleString('en')} calls in ${ms.toFixed(0)} ms = ${((calls / ms) * 1000).toLocaleString('en', { maximumFractionDigits: 0 })} calls/s (${((ms * 1000) / calls).toFixed(2)} µs/call; checksum ${sink.toFixed(0)})`);
}
{
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) npsDifference(counts[i & 1023]!, counts[(i + 1) & 1023]!);
  const ms = performance.now() - t0;
  console.log(`npsDifference: ${((calls / ms) * 1000).toLocaleString('en', { maximumFractionDigits: 0 })} calls/s`);
}
