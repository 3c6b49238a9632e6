import type { Database } from './database.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A @fastify/rate-limit store whose fixed-window counters live in PostgreSQL, so every server node
 * behind a load balancer counts the same hits (DESIGN.md: no per-process state that must agree).
 */
export function createPgRateLimitStore(database: Database) {
  return class PgRateLimitStore {
    constructor(
      _options: unknown,
      private readonly namespace = 'global',
    ) {}

    incr(key: string, callback: Callback, timeWindowMs: number): void {
      database
        .query<{ hits: number; ttl: number }>(
          `insert into rate_limit_counters (key, hits, reset_at)
             values ($1, 1, now() + $2 * interval '1 millisecond')
           on conflict (key) do update set
             hits = case when rate_limit_counters.reset_at <= now() then 1 else rate_limit_counters.hits + 1 end,
             reset_at = case when rate_limit_counters.reset_at <= now() then excluded.reset_at else rate_limit_counters.reset_at end
           returning hits, greatest(0, ceil(extract(epoch from reset_at - now()) * 1000))::int as ttl`,
          [`${this.namespace}|${key}`, timeWindowMs],
        )
        .then(({ rows }) => {
          const row = rows[0]!;
          callback(null, { current: row.hits, ttl: row.ttl });
          // Old windows are dead weight; sweep now and then instead of on every hit.
          if (Math.random() < 0.01) void database.query(`delete from rate_limit_counters where reset_at < now() - interval '1 hour'`).catch(() => undefined);
        })
        .catch((error: Error) => callback(error));
    }

    child(routeOptions: { routeInfo?: { method?: string; url?: string } }) {
      const info = routeOptions.routeInfo;
      return new PgRateLimitStore(undefined, `${info?.method ?? ''} ${info?.url ?? 'route'}`);
    }
  };
}
