import v8 from 'node:v8';

/*
 * How V8 compiles the embedded database (PGlite is PostgreSQL compiled to WebAssembly, ~10 MB).
 *
 * By default V8 runs WebAssembly first from code its baseline compiler (Liftoff) made in a hurry and,
 * once a function is hot, swaps in code from its optimising compiler (TurboFan). On a freshly started
 * server every query path goes through that swap, and it shows: of 200 runs of one rollup read, 28–34
 * took 4–9 ms instead of 0.7 (p95 9 ms), over the first few hundred runs of each query path: the first
 * dashboards asked after a start stall at random.
 * With Liftoff off, each function is compiled once, optimised, on its first call: the same 200 runs had
 * p50 0.46 ms, p95 0.7 ms, one run over 3 ms, and took 155 ms instead of 376; the database is ready
 * ~1 s later (1.3 s instead of 0.3 s on the 1 M-response benchmark database) and the process used less
 * memory (RSS 280 MiB instead of 335). bench/webassembly-tiering.ts measures it; BENCHMARKS.md, session 9.
 *
 * Only the server's process sets it (the CLI, the benchmark): the tests open hundreds of short-lived
 * in-memory databases, for which the second of start-up would cost more than it saves.
 */

/** Compile WebAssembly with the optimising compiler from the first call on (call before opening PGlite). */
export function compileWebAssemblyOptimised(): void {
  v8.setFlagsFromString('--no-liftoff');
}
