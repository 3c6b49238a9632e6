// Cost of the bootstrap intervals of relative weights (src/stats/bootstrap-relative-weights.ts), at
// the sizes the drivers API meets: up to 20,000 visits × up to ~40 moments.
// Run: node --import tsx bench/stats-bootstrap.ts   (results are written down in docs/stats.md and
// docs/insights.md; one run per line, so run it on a quiet machine)
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { bootstrapRelativeWeights } from '../src/stats/index.ts';
import { seededRandom } from '../src/stats/seeded-random.ts';
import { bootstrapResamples, BOOTSTRAP_MAX_ROWS } from '../src/insights/drivers.ts';

const next = seededRandom(1);
const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
console.log(`${cpus()[0]?.model ?? '?'} × ${cpus().length}, Node ${process.version}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const cases: [rows: number, predictors: number, resamples: number, maxRows: number | undefined][] = [
  [20_000, 8, 1000, undefined],
  ...[8, 10, 20, 40].map((p): [number, number, number, number] => [20_000, p, bootstrapResamples(p), BOOTSTRAP_MAX_ROWS]),
];
for (const [n, p, resamples, maxRows] of cases) {
  // Correlated 1–5 ratings (a shared mood), the overall rating driven by the first three.
  const X = Array.from({ length: n }, () => {
    const mood = normal();
    return Array.from({ length: p }, () => Math.min(5, Math.max(1, Math.round(3 + 0.6 * mood + normal()))));
  });
  const y = X.map((row) => row.reduce((sum, x, j) => sum + x * (j < 3 ? 1 : 0.1), 0) + normal());
  const started = performance.now();
  const result = bootstrapRelativeWeights(X, y, { resamples, seed: 1, ...(maxRows ? { maxRows } : {}) });
  console.log(`${n} rows × ${p} predictors, ${resamples} resamples of ${result.rowsPerResample} rows: ${(performance.now() - started).toFixed(0)} ms (used ${result.used})`);
}
