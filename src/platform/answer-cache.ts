import type { HttpServer } from './http-server.ts';

/*
 * Answers of read-only questions (the dashboards' scores, heatmap and themes) remembered until the data
 * changes: a dashboard is asked the same question again and again — every refresh, every colleague on
 * the same page — while nothing was written in between, and then the answer already sent is still true.
 *
 * Correctness rests on one number, the database's write generation (`Database.writeGeneration`): it
 * moves after every statement or transaction that may have written anything, over all organisations.
 * An answer is stored under the generation read *before* it was computed, and looked up under the
 * current one, so
 * - an answer computed while a write happened is stored under a generation that is already gone — it is
 *   never served;
 * - an answer served was computed after the last write before the request completed.
 * Only an engine whose every write passes through this process has such a number: embedded PGlite
 * (the data-directory lock keeps every other process out). On PostgreSQL other servers and the CLI may
 * write, so there is no generation and no cache (its questions meet their targets without one).
 *
 * What is remembered: the serialised JSON body of a 200 answer, at most `maxChars` characters in all;
 * the answer read least recently goes first. Everything of an older generation is dropped at once.
 */

/** Characters of answers remembered at most (a 1,200-row staff league is ~1.2 M characters). */
const MAX_CHARS = 32 * 1024 * 1024;

export interface AnswerCache {
  /** The answer stored under `key` at the current generation. */
  find(key: string): string | undefined;
  /** The generation now: pass it to `store` with the answer computed from here on. */
  generation(): number;
  /** Keeps `answer` under `key` if no write happened since `generation` was read; else drops it. */
  store(key: string, generation: number, answer: string): void;
  /** Answers remembered now, and their characters (tests, diagnostics). */
  size(): { answers: number; chars: number };
}

export function createAnswerCache(options: { writeGeneration: () => number; maxChars?: number }): AnswerCache {
  const maxChars = options.maxChars ?? MAX_CHARS;
  // Map order is use order: the first entry is the one read least recently.
  const answers = new Map<string, string>();
  let generationOfAnswers = options.writeGeneration();
  let chars = 0;

  /** Drops every answer once the data has changed since they were stored. */
  const current = (): number => {
    const generation = options.writeGeneration();
    if (generation !== generationOfAnswers) {
      answers.clear();
      chars = 0;
      generationOfAnswers = generation;
    }
    return generation;
  };

  return {
    find(key) {
      current();
      const answer = answers.get(key);
      if (answer === undefined) return undefined;
      answers.delete(key);
      answers.set(key, answer);
      return answer;
    },
    generation: current,
    store(key, generation, answer) {
      if (current() !== generation || answer.length > maxChars) return;
      const previous = answers.get(key);
      if (previous !== undefined) chars -= previous.length;
      answers.delete(key);
      answers.set(key, answer);
      chars += answer.length;
      while (chars > maxChars) {
        const [oldestKey, oldest] = answers.entries().next().value!;
        answers.delete(oldestKey);
        chars -= oldest.length;
      }
    },
    size: () => ({ answers: answers.size, chars }),
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * This GET route's 200 answers may be remembered (see answer-cache.ts). The function names what,
     * besides the URL, the answer depends on — the reader's organisation and what they may see, the day
     * when "today" is a default — or undefined when this request must not be remembered.
     */
    answerCache?: (request: FastifyRequest) => string | undefined;
  }
  interface FastifyRequest {
    answerCacheEntry?: { key: string; generation: number };
  }
}

/** Header telling a client (and the benchmark) whether the answer came from the cache. */
export const ANSWER_CACHE_HEADER = 'x-keymoment-answer';

/**
 * Serves routes that declare `config.answerCache` from `cache`, and fills it from their answers.
 * Runs as a preHandler: after the tenant guard has resolved and authorised the reader (preValidation)
 * and the query has been validated, so a refused or invalid request never reaches the cache.
 */
export function installAnswerCache(app: HttpServer, cache: AnswerCache): void {
  app.addHook('preHandler', async (request, reply) => {
    const scopeOf = request.routeOptions.config.answerCache;
    if (!scopeOf || request.method !== 'GET') return;
    const scope = scopeOf(request);
    if (scope === undefined) return;
    const key = `${scope}\n${request.url}`;
    const answer = cache.find(key);
    if (answer !== undefined) {
      reply.header(ANSWER_CACHE_HEADER, 'cached').type('application/json; charset=utf-8');
      return reply.send(answer);
    }
    request.answerCacheEntry = { key, generation: cache.generation() };
    reply.header(ANSWER_CACHE_HEADER, 'computed');
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const entry = request.answerCacheEntry;
    if (entry && reply.statusCode === 200 && typeof payload === 'string') cache.store(entry.key, entry.generation, payload);
    return payload;
  });
}
