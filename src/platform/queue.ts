import PgBoss from 'pg-boss';
import type { Database } from './database.ts';

/**
 * pg-boss on either engine. On PostgreSQL it talks through our query function; on PGlite the same,
 * except that parameterless multi-statement SQL (its schema install) must go to `exec`, because a
 * prepared statement cannot hold several commands.
 */
export function createQueue(database: Database): PgBoss {
  const adapter = {
    async executeSql(text: string, values?: unknown[]) {
      if (database.engine === 'pglite' && (!values || values.length === 0) && hasSeveralStatements(text)) {
        await database.exec(text);
        return { rows: [] };
      }
      return database.query(text, values ?? []);
    },
  };
  return new PgBoss({
    db: adapter,
    schema: 'pgboss',
    // Maintenance every few minutes is plenty for the small queues of one installation.
    maintenanceIntervalSeconds: 120,
    superviseIntervalSeconds: 60,
  } as ConstructorParameters<typeof PgBoss>[0]);
}

function hasSeveralStatements(sql: string): boolean {
  return sql.trim().replace(/;\s*$/, '').includes(';');
}
