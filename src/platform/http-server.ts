import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyBaseLogger } from 'fastify';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { Type } from 'typebox';
import type { Database } from './database.ts';
import { AppError } from './errors.ts';
import { readMigrationStatus } from './migrations.ts';
import { createPgRateLimitStore } from './rate-limit-store.ts';
import { redactedUrl } from './log-redaction.ts';

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

export type HttpServer = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** The React app, built by `npm run build`. */
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      field: Type.Optional(Type.String()),
      requestId: Type.String(),
    }),
  },
  { $id: 'ErrorBody', description: 'The one error shape of the API.' },
);

/**
 * The web app loads only its own scripts; styles may be inline because Mantine sets CSS variables in
 * style attributes. No framing (clickjacking), no plugins, forms post only to us.
 */
export const WEB_APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/** Requests a minute per client address on unauthenticated routes (health checks, docs, web app files). */
export const DEFAULT_PUBLIC_RATE_LIMIT = { max: 300, timeWindow: 60_000 };

export interface HttpServerOptions {
  logger: Logger;
  database: Database;
  version: string;
  /** Serve web/dist with a single-page-app fallback (off in API tests). */
  serveWeb: boolean;
  /** Folder of the built web app (tests point it elsewhere). */
  webDist?: string;
  trustProxy?: boolean;
}

export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // A caller's X-Request-Id is kept when it looks sane, so a request can be traced across systems.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    // One access-log line per request (below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as HttpServer;

  installValidators(app);

  app.addSchema(ErrorBody);
  app.addHook('onRequest', async (request, reply) => {
    if (!/^[\w.:-]{1,128}$/.test(request.id)) (request as { id: string }).id = randomUUID();
    reply.header('x-request-id', request.id);
    // Baseline browser protections; survey widgets that must be framed will opt out per route.
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
  });

  installErrorHandling(app);
  installMetrics(app);
  await app.register(fastifyCookie);
  // Every route reachable without credentials gets a per-address limit unless it sets a stricter one.
  // Registered before the rate-limit plugin so the plugin sees the filled-in config.
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { access?: unknown; rateLimit?: unknown };
    if (config.rateLimit === undefined && (config.access === undefined || config.access === 'public')) {
      route.config = { ...config, rateLimit: DEFAULT_PUBLIC_RATE_LIMIT } as typeof route.config;
    }
  });
  await app.register(fastifyRateLimit, {
    global: false,
    store: createPgRateLimitStore(options.database) as never,
    // Counting failures of the store as "allow" keeps the product usable if the counter table is busy.
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      new AppError(429, 'rate_limited', `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Keymoment API',
        version: options.version,
        description:
          'Moments-of-Truth experience platform. Machine clients send `Authorization: Bearer <API key>` and act in the ' +
          "key's organisation; browser sessions use a cookie and choose the organisation with the `X-Org-Id` header. " +
          'Every error has the shape `{ "error": { "code", "message", "field"?, "requestId" } }`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (km_…) created under Settings → API keys.' },
          session: { type: 'apiKey', in: 'cookie', name: 'keymoment.session_token' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await options.database.query('select 1');
      const migrations = await readMigrationStatus(options.database);
      if (!migrations.current) {
        return reply.code(503).send({ status: 'not_ready', database: 'ok', migrations: `${migrations.applied}/${migrations.known} applied` });
      }
      return { status: 'ready', database: 'ok', migrations: 'current' };
    } catch (error) {
      app.log.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'not_ready', database: 'unreachable' });
    }
  });

  const webDist = options.webDist ?? WEB_DIST;
  if (options.serveWeb && existsSync(webDist)) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false });
    // The SPA owns every other browser path.
    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      if (request.url.startsWith('/api/')) throw new AppError(404, 'not_found', `No route ${request.method} ${request.url}`);
      const file = decodeURIComponent(request.url.split('?')[0]!.slice(1));
      if (file && existsSync(path.join(webDist, file)) && !file.includes('..')) return reply.sendFile(file);
      return reply.header('cache-control', 'no-cache').header('content-security-policy', WEB_APP_CSP).sendFile('index.html');
    });
  } else if (options.serveWeb) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/html')
        .send('<!doctype html><title>Keymoment</title><p>The web app is not built yet. Run <code>npm run build</code>, or start with <code>npm start</code>, which builds it.</p>'),
    );
  }
  return app;
}

/**
 * Two validators: query strings and path parameters arrive as text, so they are coerced
 * (`?limit=5` → 5); JSON bodies are not, because coercion would turn `"code": null` into `""` and
 * accept `"5"` for a number. Unknown fields are rejected everywhere instead of silently dropped:
 * a typo must not look like success.
 */
function installValidators(app: HttpServer): void {
  const base = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false, addUsedSchema: false } as const;
  const coercing = addFormats(new Ajv({ ...base, coerceTypes: 'array' }));
  const exact = addFormats(new Ajv({ ...base, coerceTypes: false }));
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? exact : coercing;
    // Shared schemas (app.addSchema) may be referenced by $ref; a custom compiler must register them itself.
    for (const [id, shared] of Object.entries(app.getSchemas())) {
      if (!ajv.getSchema(id)) ajv.addSchema(shared as object, id);
    }
    return ajv.compile(schema);
  });
}

function installErrorHandling(app: HttpServer): void {
  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send(errorBody(request.id, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}`)),
  );
  app.setErrorHandler(async (error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      return reply.code(error.status).send(errorBody(request.id, error.code, error.message, error.field));
    }
    if ('validation' in error && error.validation) {
      const { field, message } = describeValidationError(error);
      return reply.code(400).send(errorBody(request.id, 'invalid_field', message, field));
    }
    const constraint = describeConstraintViolation(error);
    if (constraint) return reply.code(constraint.status).send(errorBody(request.id, constraint.code, constraint.message));
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send(errorBody(request.id, codeForStatus(status), error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(errorBody(request.id, 'internal_error', 'Something went wrong on our side; the request id helps us find it'));
  });
}

/**
 * A uniqueness or reference check the database caught (a race the store's own checks could not see)
 * is the client's conflict, not our crash. SQLSTATE codes are the same on PGlite and PostgreSQL.
 */
function describeConstraintViolation(error: unknown): { status: number; code: string; message: string } | undefined {
  const sqlState = (error as { code?: unknown }).code;
  if (sqlState === '23505') return { status: 409, code: 'conflict', message: 'This conflicts with something that already exists' };
  if (sqlState === '23503') return { status: 409, code: 'conflict', message: 'This refers to, or is referred to by, something that does not allow the change' };
  return undefined;
}

export function errorBody(requestId: string, code: string, message: string, field?: string) {
  return { error: { code, message, ...(field ? { field } : {}), requestId } };
}

function codeForStatus(status: number): string {
  return (
    { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type', 429: 'rate_limited' } as Record<number, string>
  )[status] ?? 'bad_request';
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns Ajv's first issue into a field path (`scopes.0`, `name`) and a sentence naming it. */
export function describeValidationError(error: { validation?: unknown; validationContext?: string }): { field: string; message: string } {
  const issue = (error.validation as AjvIssue[])[0]!;
  const base = issue.instancePath.split('/').filter(Boolean);
  const context = error.validationContext ?? 'body';
  if (issue.keyword === 'additionalProperties') {
    // An empty key ("": …) is still named, so the error always says which field is wrong.
    const field = [...base, String(issue.params.additionalProperty) || '""'].join('.');
    return { field, message: `${field} is not a known field of the ${context}` };
  }
  if (issue.keyword === 'required') {
    const field = [...base, String(issue.params.missingProperty)].join('.');
    return { field, message: `${field} is required` };
  }
  const field = base.join('.') || context;
  return { field, message: `${field} ${issue.message ?? 'is invalid'}` };
}

function installMetrics(app: HttpServer): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'keymoment_http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'keymoment_http_request_duration_seconds',
    help: 'HTTP request duration in seconds',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, url: redactedUrl(request), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    // The route pattern, not the raw URL, keeps label cardinality bounded.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
}
