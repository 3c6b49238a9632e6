#!/usr/bin/env node
// Dependency audit for CI: fails on a known high or critical advisory in the production dependencies
// (`npm audit --omit=dev --audit-level=high`). When the advisory database cannot be reached (offline
// machine, proxy answering 405, registry outage) it says so and passes: an unreachable database is not
// evidence of a vulnerability, and a red CI for a network problem would teach people to ignore it.
import { spawnSync } from 'node:child_process';

const result = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { encoding: 'utf8', timeout: 120_000 });
const out = result.stdout ?? '';
let report;
try {
  report = JSON.parse(out);
} catch {
  report = undefined;
}

const unreachable = (text) => /E?\b(405|403|404|500|502|503|504)\b|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|network|audit endpoint|Method Not Allowed|fetch failed/i.test(text);

// A real report has `metadata.vulnerabilities`; anything else is npm's account of why there is none.
if (result.error || !report?.metadata?.vulnerabilities) {
  const reason =
    report?.message ?? (report?.error ? `${report.error.code ?? ''} ${report.error.summary ?? ''}`.trim() : String(result.error?.message ?? (result.stderr || out).trim().split('\n').at(-1)));
  if (result.error?.code === 'ETIMEDOUT' || unreachable(`${reason}\n${result.stderr ?? ''}`)) {
    console.log(`audit-deps: advisory database unreachable: skipped (${reason})`);
    process.exit(0);
  }
  console.error(`audit-deps: npm audit failed: ${reason}`);
  process.exit(1);
}

const counts = report.metadata?.vulnerabilities ?? {};
const serious = Object.entries(report.vulnerabilities ?? {}).filter(([, v]) => v.severity === 'high' || v.severity === 'critical');
console.log(`audit-deps: production dependencies: ${JSON.stringify(counts)}`);
if (serious.length > 0) {
  for (const [name, v] of serious) {
    const via = (v.via ?? []).map((x) => (typeof x === 'string' ? x : `${x.title ?? ''} ${x.url ?? ''}`.trim())).join('; ');
    console.error(`  ${v.severity.toUpperCase()}  ${name} ${v.range ?? ''}  ${via}${v.fixAvailable ? '  (fix available: npm audit fix)' : ''}`);
  }
  console.error(`audit-deps: ${serious.length} package(s) with high or critical advisories`);
  process.exit(1);
}
console.log('audit-deps: no high or critical advisories');
