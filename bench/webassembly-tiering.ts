/**
 * `node --import tsx bench/webassembly-tiering.ts`: what src/platform/webassembly-tiering.ts changes.
 *
 * Runs twice, each time in a fresh process (V8 flags are per process): once as Node does by default
 * (WebAssembly first from baseline code, optimised once hot) and once with the product's setting
 * (optimised from the first call). Each run opens an in-memory PGlite, fills a rollup-like table
 * (200 outlets × 40 moments × 104 weeks = 832,000 rows, indexed by outlet and week), then times 300
 * runs of one parameterised read of one outlet's 12 weeks — a dashboard question met for the first time
 * after a start. Prints start-up (PGlite ready), the first run, p50 / p95 / max, runs over 3 ms, the sum,
 * and the process's RSS.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileWebAssemblyOptimised } from '../src/platform/webassembly-tiering.ts';

const RUNS = 300;

if (process.env.TIERING_CHILD) {
  if (process.env.TIERING_CHILD === 'optimised') compileWebAssemblyOptimised();
  const started = performance.now();
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite();
  await db.waitReady;
  const ready = performance.now() - started;
  await db.exec(`
    create table rollup (location_id text, week date, moment_key text, responses int, promoters int);
    insert into rollup select 'o' || o, date '2024-12-02' + 7 * w, 'm' || m, (o + w + m) % 17, (o * m) % 5
      from generate_series(1, 200) o, generate_series(0, 103) w, generate_series(1, 40) m;
    create index on rollup (location_id, week);
    analyze rollup;`);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await db.query(`select moment_key, sum(responses), sum(promoters) from rollup where location_id = any($1) and week between $2 and $3 group by 1`, [['o7'], '2026-08-31', '2026-11-16']);
    times.push(performance.now() - t0);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  console.log(JSON.stringify({
    mode: process.env.TIERING_CHILD,
    readyMs: Math.round(ready),
    firstMs: +times[0]!.toFixed(1),
    p50Ms: +at(50).toFixed(2),
    p95Ms: +at(95).toFixed(2),
    maxMs: +sorted.at(-1)!.toFixed(1),
    runsOver3Ms: times.filter((t) => t > 3).length,
    sumMs: Math.round(times.reduce((a, b) => a + b, 0)),
    rssMiB: Math.round(process.memoryUsage().rss / 1_048_576),
  }));
  await db.close();
} else {
  for (const mode of ['default', 'optimised']) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { env: { ...process.env, TIERING_CHILD: mode }, encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${mode}: ${child.stderr}`);
    process.stdout.write(child.stdout);
  }
}
