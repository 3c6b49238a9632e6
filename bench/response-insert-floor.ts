/**
 * What storing one response row costs PostgreSQL itself, before any of Keymoment's work: the floor
 * under the bulk-ingest rate of issue #9 (target ≥ 50,000 responses/s).
 *
 *   npm run bench:insert-floor -- --reuse postgres://…/km_bench_… [--rows 20000] [--runs 3]
 *
 * On a database kept by `npm run bench -- --engine postgres --keep`, copies the newest `--rows` stored
 * responses of the generated world (those with an interaction: the bulk step's, in the order they
 * were stored, not the single posts') into a temporary table and inserts them again under new ids in one INSERT … SELECT, in
 * transactions that are rolled back (nothing stored changes), four ways:
 *   1. as the table is: every index, the seven foreign keys checked row by row, the check constraints;
 *   2. without the foreign-key triggers (`alter table … disable trigger all` inside the transaction);
 *   3. also without the full-text (GIN) index on the comment;
 *   4. also without the four secondary b-tree indexes (left: the primary key and the two unique
 *      indexes that make ingest idempotent).
 * Each way is timed `--runs` times (the median is printed, in µs a row and rows/s on one connection).
 * No JSON parsing, no rollups, no Node.js: a true lower bound of the ingest statement.
 */
import pg from 'pg';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}
const url = option('reuse');
if (!url) throw new Error('--reuse URL is required: a PostgreSQL database kept by `npm run bench -- --engine postgres --keep`');
const rows = Number(option('rows') ?? 20_000);
const runs = Number(option('runs') ?? 3);
if (!Number.isInteger(rows) || rows < 1000) throw new Error('--rows must be a whole number ≥ 1000');
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number ≥ 1');

const COLUMNS = `org_id, response_id, external_id, content_hash, invitation_id, survey_id, survey_version, journey_id, journey_key,
  journey_version, moment_key, interaction_id, visit_id, location_id, staff_id, customer_id, channel, locale, answers, nps, csat, ces,
  comment, consent, source, submitted_at, created_at`;
// New ids keep the copies apart from the originals (unique on response id and external id); the
// invitation id is dropped, as it is for every ingested response.
const COPY = COLUMNS.replace('response_id', `response_id || '-floor'`).replace('external_id', `external_id || '-floor'`).replace('invitation_id', 'null');
const SECONDARY_INDEXES = ['responses_submitted_ix', 'responses_survey_ix', 'responses_moment_ix', 'responses_location_ix'];

const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const stored = Number((await client.query<{ n: string }>('select count(*)::text as n from responses')).rows[0]!.n);
  if (stored < rows) throw new Error(`the database holds ${stored} responses; --rows ${rows} needs at least as many`);
  await client.query(`create temporary table floor_source as select ${COLUMNS} from responses where invitation_id is null and interaction_id is not null order by response_id desc limit ${rows}`);
  const ways: { name: string; setup: string[] }[] = [
    { name: 'as the table is (indexes, foreign keys, checks)', setup: [] },
    { name: 'without foreign-key checks', setup: ['alter table responses disable trigger all'] },
    { name: 'without foreign keys and the full-text index', setup: ['alter table responses disable trigger all', 'drop index responses_comment_search_ix'] },
    {
      name: 'without foreign keys and every secondary index',
      setup: ['alter table responses disable trigger all', 'drop index responses_comment_search_ix', ...SECONDARY_INDEXES.map((name) => `drop index ${name}`)],
    },
  ];
  console.log(`${rows} response rows a statement, PostgreSQL ${(await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version}; median of ${runs}:`);
  for (const way of ways) {
    const times: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      await client.query('begin');
      try {
        for (const statement of way.setup) await client.query(statement);
        const started = performance.now();
        await client.query(`insert into responses (${COLUMNS}) select ${COPY} from floor_source`);
        times.push(performance.now() - started);
      } finally {
        await client.query('rollback');
      }
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    const perRow = (median * 1000) / rows;
    console.log(`  ${way.name.padEnd(50)} ${perRow.toFixed(1).padStart(6)} µs a row = ${Math.round(1e6 / perRow).toLocaleString('en').padStart(7)} rows/s`);
  }
} finally {
  await client.end();
}
