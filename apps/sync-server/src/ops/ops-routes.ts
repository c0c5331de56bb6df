/**
 * Operations endpoints and request metrics, registered on the root instance by app.ts:
 * - `GET /healthz`: liveness; answers from the process alone (no database), so an orchestrator
 *   restarts only a wedged process, never one waiting for its database;
 * - `GET /readyz`: readiness (readiness.ts): 200, or 503 naming the failed check;
 * - `GET /version`: version-info.ts;
 * - `GET /metrics`: Prometheus text (metrics.ts), guarded by metrics-access.ts.
 * Every answered request is counted under its route family (route-family.ts) in `onResponse`.
 */
import { SUPPORTED_SYNC_PROTOCOLS } from '@lantern/core/workstation-version';
import type { FastifyInstance } from 'fastify';
import { appRouter } from '../router.ts';
import type { Services } from '../services.ts';
import { metricsAccess } from './metrics-access.ts';
import { observeRequest, registry, watchPool } from './metrics.ts';
import { readiness } from './readiness.ts';
import { routeFamily } from './route-family.ts';
import { versionInfo } from './version-info.ts';

const PROCEDURES: ReadonlySet<string> = new Set(Object.keys(appRouter._def.procedures));

export function registerOps(app: FastifyInstance, services: Services): void {
  const unwatch = watchPool(services.pool);
  app.addHook('onClose', (_app, done) => {
    unwatch();
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const family = routeFamily({ method: request.method, pattern: request.routeOptions.url, params: request.params }, PROCEDURES);
    observeRequest(family, request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  app.get('/healthz', () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const r = await readiness(services.pool, services.config, services.clock.now());
    const failed = r.checks.filter((c) => !c.ok).map((c) => c.name);
    return reply.status(r.ready ? 200 : 503).send({ status: r.ready ? 'ready' : 'not-ready', ...(failed.length > 0 ? { failed } : {}), checks: r.checks });
  });

  app.get('/version', () => versionInfo(services.pool, SUPPORTED_SYNC_PROTOCOLS));

  app.get('/metrics', async (request, reply) => {
    const access = metricsAccess(services.config.metricsToken, request.ip, request.headers.authorization);
    if (!access.ok) {
      if (access.status === 401) void reply.header('www-authenticate', 'Bearer realm="lantern-metrics"');
      return reply.status(access.status).send({ error: { code: access.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', message: access.message } });
    }
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });
}
