/**
 * Builds the Fastify instance: error handling, tRPC at /trpc, health check. Other route plugins
 * (FHIR at /fhir/R4 in src/fhir/, CDS Hooks at /cds-services in src/cds-hooks/) register through
 * `extraPlugins`, or are added to `ROUTE_PLUGINS` below, and receive the same `Services`
 * (pool, config, keys, logger, clock) as the tRPC routers.
 */
import { readFileSync } from 'node:fs';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { httpStatusOf, isLanternError, LanternError, toLanternError } from '@lantern/core';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { CDS_HOOKS_PREFIX, cdsHooksPlugin } from './cds-hooks/plugin.ts';
import { FHIR_PREFIX, fhirPlugin } from './fhir/plugin.ts';
import { smartPlugin } from './smart/plugin.ts';
import { UPDATES_PREFIX, updatesFeedPlugin } from './updates/feed-plugin.ts';
import { frameworkError, typedErrorBody } from './http-errors.ts';
import { registerHttpProtection } from './http-protection.ts';
import { SignInThrottledError } from './auth/sign-in-throttle.ts';
import { quietRequestLogController, registerRequestLogging } from './logger.ts';
import { registerOps } from './ops/ops-routes.ts';
import { appRouter, type AppRouter } from './router.ts';
import type { Services } from './services.ts';
import { contextFactory } from './trpc.ts';

/** A route plugin of the server: gets the shared services as its options. */
export type LanternRoutePlugin = FastifyPluginAsync<{ services: Services }>;

/** Route plugins every server registers (add FHIR and CDS Hooks here). */
export const ROUTE_PLUGINS: { prefix: string; plugin: LanternRoutePlugin }[] = [
  { prefix: FHIR_PREFIX, plugin: fhirPlugin },
  { prefix: CDS_HOOKS_PREFIX, plugin: cdsHooksPlugin },
  { prefix: '', plugin: smartPlugin },
  { prefix: UPDATES_PREFIX, plugin: updatesFeedPlugin },
];

/** Upper bound of a request body: 500 mutations of ordinary resources fit well inside it. */
export const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

export async function buildApp(
  services: Services,
  opts: { extraPlugins?: { prefix: string; plugin: LanternRoutePlugin }[] } = {},
): Promise<FastifyInstance> {
  const tls = services.config.tls;
  const app = Fastify({
    loggerInstance: services.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // Fastify's request log writes whole URLs (query strings carry PHI): logger.ts logs requests instead.
    logController: quietRequestLogController(),
    trustProxy: false,
    frameworkErrors: frameworkError,
    ...(tls === null ? {} : { https: { cert: readFileSync(tls.certPath), key: readFileSync(tls.keyPath) } }),
  });

  registerRequestLogging(app);
  registerOps(app, services); // /healthz /readyz /version /metrics and per-route-family request metrics (ops/)

  // Anything Fastify itself refuses (oversized body, bad JSON, unknown route) leaves as a typed
  // Lantern error with no stack and no echo of the input.
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    // A typed refusal raised outside a procedure (the rate limit) keeps its code and message.
    if (isLanternError(error)) {
      void reply.status(httpStatusOf(error.code)).send(typedErrorBody(request.url, error));
      return;
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: { message: error.message, code: error.code } }, 'request failed');
    const code = status === 413 || status === 400 || status === 415 ? 'BAD_INPUT' : toLanternError(error).code;
    const message = status === 413 ? 'Request body too large' : status === 400 || status === 415 ? 'Malformed request body' : 'An unexpected error occurred';
    const out = status >= 400 && status < 600 ? status : httpStatusOf(code);
    void reply.status(out).send(typedErrorBody(request.url, new LanternError(code, message), out));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(typedErrorBody(request.url, new LanternError('NOT_FOUND', 'No such route')));
  });
  // Security headers and per-token rate limits, before any route is registered.
  await registerHttpProtection(app, services);

  app.get('/health', async () => {
    await services.pool.query('SELECT 1');
    return { ok: true };
  });

  // tRPC reads the JSON body itself: handed fastify's parsed object, its adapter serialises it
  // again and parses it a second time (megabytes per audit ingest batch). Scoped to /trpc; the
  // body limit still applies, and a malformed body is tRPC's PARSE_ERROR (400, BAD_INPUT).
  await app.register(async (trpcScope) => {
    trpcScope.removeContentTypeParser('application/json');
    trpcScope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    await trpcScope.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: contextFactory(services),
      // Queries also answer POST, so any HTTP client can call every procedure the same way.
      allowMethodOverride: true,
      // A throttled sign-in says when to try again (RFC 9110 section 10.2.3).
      responseMeta({ errors }) {
        const wait = errors.map((e) => e.cause).find((c): c is SignInThrottledError => c instanceof SignInThrottledError && c.retryAfterSeconds !== null);
        return wait === undefined ? {} : { headers: { 'retry-after': String(wait.retryAfterSeconds) } };
      },
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          const cause = error.cause;
          services.logger.error({ path, err: cause instanceof Error ? { name: cause.name, message: cause.message.slice(0, 300) } : 'unknown' }, 'procedure failed');
        }
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
  });

  for (const { prefix, plugin } of [...ROUTE_PLUGINS, ...(opts.extraPlugins ?? [])]) {
    await app.register(plugin, { prefix, services });
  }
  return app;
}
