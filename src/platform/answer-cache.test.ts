import { describe, expect, it } from 'vitest';
import { createAnswerCache } from './answer-cache.ts';
import { changedNothing, isReadOnlyStatement, movesWriteGeneration } from './database.ts';

describe('the answer cache', () => {
  it('serves an answer until the next write, then computes again', () => {
    let writes = 0;
    const cache = createAnswerCache({ writeGeneration: () => writes });
    const generation = cache.generation();
    cache.store('scores', generation, '{"n":1}');
    expect(cache.find('scores')).toBe('{"n":1}');
    writes += 1;
    expect(cache.find('scores')).toBeUndefined();
    expect(cache.size()).toEqual({ answers: 0, chars: 0 });
  });

  it('never stores an answer computed while a write happened', () => {
    let writes = 0;
    const cache = createAnswerCache({ writeGeneration: () => writes });
    const before = cache.generation();
    // The answer was computed from rows read before this write finished: it may already be stale.
    writes += 1;
    cache.store('scores', before, '{"n":1}');
    expect(cache.find('scores')).toBeUndefined();
    cache.store('scores', cache.generation(), '{"n":2}');
    expect(cache.find('scores')).toBe('{"n":2}');
  });

  it('keeps at most maxChars, dropping the answer read least recently', () => {
    const cache = createAnswerCache({ writeGeneration: () => 0, maxChars: 10 });
    cache.store('a', 0, 'aaaa');
    cache.store('b', 0, 'bbbb');
    expect(cache.find('a')).toBe('aaaa');
    cache.store('c', 0, 'cccc');
    expect(cache.find('b')).toBeUndefined();
    expect(cache.find('a')).toBe('aaaa');
    expect(cache.find('c')).toBe('cccc');
    expect(cache.size()).toEqual({ answers: 2, chars: 8 });
    // An answer larger than the whole cache is not kept (and does not empty it).
    cache.store('huge', 0, 'x'.repeat(11));
    expect(cache.find('huge')).toBeUndefined();
    expect(cache.size().answers).toBe(2);
  });
});

describe('isReadOnlyStatement', () => {
  it('takes plain reads as reads', () => {
    expect(isReadOnlyStatement('select * from responses where org_id = $1')).toBe(true);
    expect(isReadOnlyStatement('  -- a comment\n  /* and another */ with x as (select 1) select * from x')).toBe(true);
    expect(isReadOnlyStatement('SHOW server_version')).toBe(true);
    // A column whose name contains a command word is still a read.
    expect(isReadOnlyStatement('select updated_at, deleted_at from x')).toBe(true);
  });

  it('takes anything that may write as a write', () => {
    for (const text of [
      'insert into x values (1)',
      'update x set a = 1',
      'delete from x',
      'with gone as (delete from x returning *) select * from gone',
      'with new as (insert into x values (1) returning *) select 1',
      'select * from jobs for update skip locked',
      "select nextval('s')",
      'begin',
      'commit',
      'create table y (a int)',
      'vacuum analyze x',
      'select 1; delete from x',
    ]) {
      expect(isReadOnlyStatement(text), text).toBe(false);
    }
  });
});

describe('movesWriteGeneration', () => {
  it('leaves out the bookkeeping tables no answer reads (rate limits, pg-boss, key use, sessions), and nothing else', () => {
    for (const text of [
      `insert into rate_limit_counters (key, hits, reset_at) values ($1, 1, now())
        on conflict (key) do update set hits = rate_limit_counters.hits + 1 returning hits, reset_at`,
      `delete from rate_limit_counters where reset_at < now() - interval '1 hour'`,
      // pg-boss's poll (seen every two seconds per queue with jobs on), its cron check, a job sent.
      `WITH next as ( SELECT id FROM pgboss.job WHERE name = $1 AND state < 'active' ORDER BY priority desc LIMIT $2 FOR UPDATE SKIP LOCKED )
        UPDATE pgboss.job j SET state = 'active', started_on = now() FROM next WHERE name = $1 AND j.id = next.id RETURNING j.*`,
      `UPDATE pgboss.version SET cron_on = now() WHERE EXTRACT( EPOCH FROM (now() - COALESCE(cron_on, now() - interval '1 week') ) ) > $1 RETURNING true`,
      `INSERT INTO "pgboss"."job" (id, name, data) SELECT gen_random_uuid(), $1, $2 ON CONFLICT DO NOTHING RETURNING id`,
      // An API key's last use, touched once a minute by the reader's own requests (seen on a demo server).
      `update "api_keys" set "last_used_at" = $1 where ("api_keys"."org_id" = $2 and "api_keys"."api_key_id" = $3 and ("api_keys"."last_used_at" is null or "api_keys"."last_used_at" < $4))`,
      `update "auth_session" set "expires_at" = $1, "updated_at" = $2 where "auth_session"."token" = $3`,
    ]) {
      expect(movesWriteGeneration(text), text).toBe(false);
    }
    for (const text of [
      'delete from rate_limit_counters; delete from responses',
      'insert into responses (a) values (1)',
      'with moved as (delete from pgboss.job returning *) insert into responses select * from moved',
      'update insight_rollups_fine set responses = responses + 1',
      'create table pgboss.job_2 (id int)',
      'begin',
      'analyze responses; delete from responses',
    ]) {
      expect(movesWriteGeneration(text), text).toBe(true);
    }
    // Statistics and free space only: no answer changes.
    for (const text of ['analyze', 'analyze public.responses', 'vacuum analyze insight_rollups_fine']) {
      expect(movesWriteGeneration(text), text).toBe(false);
    }
    expect(movesWriteGeneration('select * from rate_limit_counters')).toBe(false);
  });
});

describe('changedNothing', () => {
  it('trusts a 0-row command only when that command is the statement’s one write', () => {
    const poll = `with due as (select org_id, delivery_id from webhook_deliveries where status = 'pending' for update skip locked)
      update webhook_deliveries d set status = 'sending' from due where d.delivery_id = due.delivery_id returning d.*`;
    expect(changedNothing(poll, { command: 'UPDATE', rowCount: 0 })).toBe(true);
    expect(changedNothing(poll, { command: 'UPDATE', rowCount: 1 })).toBe(false);
    expect(changedNothing('delete from responses where response_id = $1', { command: 'DELETE', rowCount: 0 })).toBe(true);
    // The tag counts the SELECT, not the rows the CTE updated.
    expect(changedNothing('with moved as (update responses set a = 1 returning *) select count(*) from moved', { command: 'SELECT', rowCount: 1 })).toBe(false);
    // Two writes, one tag: the CTE's rows are not in it.
    expect(changedNothing('with gone as (delete from a returning *) insert into b select * from gone', { command: 'INSERT', rowCount: 0 })).toBe(false);
    expect(changedNothing('insert into t values (1)', {})).toBe(false);
  });
});
