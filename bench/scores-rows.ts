// CPU cost of turning grouped rollup counters into scores-API rows (src/insights/scores.ts
// groupedScoreRows: NPS/CSAT/CES score and interval per row, and the comparison with the previous period
// with p-values), at the size of a network-wide staff league table: 1,200 staff × current and previous
// period. No database: the counters are generated the way the rollups add them up (countersOf per answer).
// Run: node --import tsx bench/scores-rows.ts            (results are written down in docs/insights.md)
// Profile: node --cpu-prof --cpu-prof-dir=.tmp/prof --import tsx bench/scores-rows.ts
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { addCounters, countersOf, DEFAULT_MIN_N, emptyCounters, type Counters } from '../src/insights/model.ts';
import { groupedScoreRows } from '../src/insights/scores.ts';
import type { GroupedCounters } from '../src/insights/store.ts';
import { seededRandom } from '../src/stats/seeded-random.ts';

const STAFF = Number(process.env.STAFF ?? 1200);
const ROUNDS = Number(process.env.ROUNDS ?? 200);
const next = seededRandom(5);
const pick = (weights: readonly number[]) => {
  let u = next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) if ((u -= weights[i]!) < 0) return i;
  return weights.length - 1;
};

/** One staff member's counters over a 30-day period: a skewed workload and their own answer mix. */
function staffCounters(responses: number, mood: number): Counters {
  const counters = emptyCounters();
  // Answer weights for NPS 0–10, CSAT 1–5 and CES 1–7, shifted by the staff member's "mood".
  const nps = Array.from({ length: 11 }, (_, k) => Math.exp(mood * (k - 7) * 0.35) * (k >= 7 ? 3 : 1));
  const csat = Array.from({ length: 5 }, (_, k) => Math.exp(mood * (k - 3) * 0.6) * (k >= 3 ? 3 : 1));
  const ces = Array.from({ length: 7 }, (_, k) => Math.exp(mood * (k - 4) * 0.5) * (k >= 4 ? 2 : 1));
  for (let i = 0; i < responses; i++) {
    addCounters(
      counters,
      countersOf({
        nps: next() < 0.9 ? pick(nps) : null,
        csat: next() < 0.75 ? pick(csat) + 1 : null,
        ces: next() < 0.4 ? pick(ces) + 1 : null,
        comment: next() < 0.2 ? 'a comment' : null,
      }),
    );
  }
  return counters;
}

const current: GroupedCounters[] = [];
const before: GroupedCounters[] = [];
for (let i = 0; i < STAFF; i++) {
  const staffId = `0193${i.toString(16).padStart(4, '0')}-0000-7000-8000-000000000000`;
  // Workload: most staff 20–150 answers a month, a tail of part-timers under the minimum n.
  const workload = next() < 0.05 ? 1 + Math.floor(6 * next()) : Math.round(Math.exp(3.8 + 0.9 * (next() + next() + next() - 1.5)));
  const mood = 0.5 + next();
  current.push({ staffId, counters: staffCounters(workload, mood) });
  // 95 % were there in the previous period too, with a similar workload and a slightly different mood.
  if (next() < 0.95) before.push({ staffId, counters: staffCounters(Math.max(1, Math.round(workload * (0.7 + 0.6 * next()))), mood + 0.2 * (next() - 0.5)) });
}
const previous = { from: '2026-09-26', to: '2026-10-25' };

const answers = current.reduce((sum, row) => sum + row.counters.responses, 0);
console.log(`${cpus()[0]?.model ?? '?'} × ${cpus().length}, Node ${process.version}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`${STAFF} staff, ${answers} responses in the current period, ${before.length} staff in the previous one, minN ${DEFAULT_MIN_N}`);

// Wall time and process CPU time per table: the machine may be shared, and CPU time is what the
// request costs when the core is not idle (it includes V8's GC helper threads).
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
let started = performance.now();
let report = groupedScoreRows(current, before, previous, DEFAULT_MIN_N);
const first = performance.now() - started;
const wall: number[] = [];
const cpu: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const cpuStarted = cpuMs();
  started = performance.now();
  report = groupedScoreRows(current, before, previous, DEFAULT_MIN_N);
  wall.push(performance.now() - started);
  cpu.push(cpuMs() - cpuStarted);
}
const perRow = (ms: number) => ((ms * 1000) / report.rows.length).toFixed(1);
const summary = (times: number[]) => {
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return `median ${at(0.5).toFixed(2)} ms (${perRow(at(0.5))} µs/row), p95 ${at(0.95).toFixed(2)} ms, min ${at(0).toFixed(2)} ms (${perRow(at(0))} µs/row)`;
};
console.log(`first table (cold memo and JIT): ${first.toFixed(1)} ms`);
console.log(`${ROUNDS} tables, wall: ${summary(wall)}`);
console.log(`${ROUNDS} tables, CPU:  ${summary(cpu)}`);
// Keep the result alive and show it is real: how many rows got a score and a significant change.
const significant = report.rows.filter((row) => row.previous.nps.significant || row.previous.csat.significant || row.previous.ces.significant).length;
console.log(`${report.rows.filter((row) => row.nps.score !== null).length} rows with an NPS, ${significant} with a significant change; total NPS ${report.total.nps.score}`);
