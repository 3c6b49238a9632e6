import { customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
// drizzle-kit reaches this file through schema.ts, so like schema.ts it may name another room's table in a key.
import { organizations } from '../access/schema.ts';

/*
 * The table of CSV/XLSX imports (re-exported by schema.ts, where drizzle-kit looks for tables).
 *
 * import_runs: one uploaded file and what became of it. The file's bytes are kept in the row until
 * the run has finished, so any server node can preview and run it (nodes share nothing but
 * PostgreSQL); progress, counts and the per-line errors are written as the run goes, so a GET on any
 * node reads them.
 */

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

export interface ImportLineError {
  /** The line of the file (1 = the header line of a CSV, the first row of a sheet). */
  line: number;
  /** The target field (`customer.externalId`, `answers.recommend`), or `(row)` / `(file)`. */
  field: string;
  /** The file's column the field was read from, when there is one. */
  column: string | null;
  message: string;
}

export interface ImportSettings {
  mapping: Record<string, string>;
  defaults: Record<string, string>;
  mode: 'keep-good' | 'all-or-nothing';
  timezone: string;
  dateOrder: 'auto' | 'dmy' | 'mdy' | 'ymd';
}

export const importRuns = pgTable(
  'import_runs',
  {
    orgId: text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' }),
    importId: text('import_id').notNull(),
    /** interactions | responses */
    kind: text('kind').notNull(),
    /** uploaded → running → done | failed */
    status: text('status').notNull(),
    fileName: text('file_name').notNull(),
    /** csv | xlsx */
    format: text('format').notNull(),
    /** The upload, dropped (null) once the run has finished. */
    file: bytea('file'),
    fileBytes: integer('file_bytes').notNull(),
    /** Data rows in the file (empty lines not counted). */
    totalRows: integer('total_rows').notNull(),
    settings: jsonb('settings').$type<ImportSettings>(),
    processedRows: integer('processed_rows').notNull().default(0),
    created: integer('created').notNull().default(0),
    existing: integer('existing').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** The first errors by line (capped; `errorCount` says how many there were). */
    errors: jsonb('errors').$type<ImportLineError[]>().notNull().default([]),
    errorCount: integer('error_count').notNull().default(0),
    /** Why a run failed as a whole (all-or-nothing with bad rows, or an unexpected error). */
    failure: text('failure'),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    /** Written after every chunk; a running import whose heartbeat is old was interrupted. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.importId] }), index('import_runs_kind_idx').on(t.orgId, t.kind, t.importId)],
);
