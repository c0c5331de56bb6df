/**
 * The server's Prometheus metrics (prom-client, text exposition format 0.0.4), on one registry of
 * its own. Call sites record events through the small functions below, one line each, where the
 * event happens (sync/push.ts, sync/pull.ts, routers/audit.ts, auth/sign-in-throttle.ts).
 *
 * Labels never carry ids, patient data or user names: request metrics are labelled by route FAMILY
 * (route-family.ts), everything else has no label but a fixed outcome.
 */
import client from 'prom-client';
import type pg from 'pg';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'lantern_' });

const requests = new client.Counter({
  name: 'lantern_http_requests_total',
  help: 'HTTP requests answered, by route family, method and status class',
  labelNames: ['family', 'method', 'status'] as const,
  registers: [registry],
});
const latency = new client.Histogram({
  name: 'lantern_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by route family',
  labelNames: ['family'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});
const batchBuckets = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 5000];
const pushSize = new client.Histogram({ name: 'lantern_sync_push_batch_size', help: 'Mutations per sync.push batch', buckets: batchBuckets, registers: [registry] });
const pullSize = new client.Histogram({ name: 'lantern_sync_pull_batch_size', help: 'Changes per sync.pull page', buckets: [0, ...batchBuckets], registers: [registry] });
const conflicts = new client.Counter({ name: 'lantern_sync_conflicts_total', help: 'Conflicts recorded by sync.push (the server kept its state)', registers: [registry] });
const auditIngested = new client.Counter({ name: 'lantern_audit_events_ingested_total', help: 'Workstation audit events stored by audit.ingest', registers: [registry] });
const auditLag = new client.Histogram({
  name: 'lantern_audit_ingest_lag_seconds',
  help: 'Server receive time minus the time the workstation recorded the event',
  buckets: [1, 5, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 7 * 24 * 3600],
  registers: [registry],
});
const signInFailures = new client.Counter({ name: 'lantern_sign_in_failures_total', help: 'Failed sign-ins (wrong password, unknown user, refused while throttled or locked)', registers: [registry] });
const lockouts = new client.Counter({ name: 'lantern_sign_in_lockouts_total', help: 'Accounts locked after too many failed sign-ins', registers: [registry] });

const pools = new Set<pg.Pool>();
new client.Gauge({
  name: 'lantern_db_pool_connections',
  help: 'Application database pool connections, by state',
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    let total = 0;
    let idle = 0;
    let waiting = 0;
    for (const p of pools) {
      total += p.totalCount;
      idle += p.idleCount;
      waiting += p.waitingCount;
    }
    this.set({ state: 'in_use' }, total - idle);
    this.set({ state: 'idle' }, idle);
    this.set({ state: 'waiting' }, waiting);
  },
});

/** Counts a pool in `lantern_db_pool_connections` until the returned function is called. */
export function watchPool(pool: pg.Pool): () => void {
  pools.add(pool);
  return () => pools.delete(pool);
}

export function observeRequest(family: string, method: string, statusCode: number, seconds: number): void {
  requests.inc({ family, method, status: `${Math.floor(statusCode / 100)}xx` });
  latency.observe({ family }, seconds);
}

/** The sync protocol's events (ARCHITECTURE.md, Sync protocol). */
export const syncMetrics = {
  pushed(mutations: number, conflictCount: number): void {
    pushSize.observe(mutations);
    if (conflictCount > 0) conflicts.inc(conflictCount);
  },
  pulled(changes: number): void {
    pullSize.observe(changes);
  },
};

/** audit.ingest: how many events were stored, and how late each arrived (recordedAt to receipt). */
export function observeAuditIngest(accepted: number, recordedAt: readonly string[], receivedAt: Date): void {
  if (accepted > 0) auditIngested.inc(accepted);
  for (const at of recordedAt) {
    const t = Date.parse(at);
    if (Number.isFinite(t)) auditLag.observe(Math.max(0, (receivedAt.getTime() - t) / 1000));
  }
}

/** Sign-in throttling (auth/sign-in-throttle.ts): each counted failure, each account locked. */
export const signInMetrics = {
  failed(): void {
    signInFailures.inc();
  },
  locked(): void {
    lockouts.inc();
  },
};
