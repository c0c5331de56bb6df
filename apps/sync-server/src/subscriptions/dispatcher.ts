/**
 * The dispatcher: reads the change feed (the same `change_seq` sync.pull pages by, up to
 * `safeChangeSeq` so a late-committing write is never skipped) and turns every new or changed
 * resource that matches an active subscription, and that the subscriber may read, into a pending
 * delivery. The cursor row is locked for the batch, so several app servers never double-dispatch;
 * the unique (subscription, resource, version) key makes a re-read harmless. Deletes are not
 * notified. Runs of state live in Postgres only: a restarted server continues where it stopped.
 */
import type pg from 'pg';
import { z } from 'zod';
import { withTx } from '../db/database.ts';
import { safeChangeSeq } from '../db/resources.ts';
import type { UserScope } from '../db/scope.ts';
import { matchesCriteria, parseCriteria, type Criteria } from './criteria.ts';
import { scopeOf, subscriberById, subscriberMayRead, type SubscriberClient } from './subscriber.ts';

const SubRow = z.object({ id: z.string(), client_id: z.string(), criteria: z.string(), start_seq: z.coerce.string() });
const ChangeRow = z.object({
  patient_id: z.string(), resource_type: z.string(), id: z.string(), version: z.coerce.number().int(),
  resource: z.record(z.string(), z.unknown()), seq: z.coerce.string(),
});

interface ActiveSubscription {
  id: string;
  criteria: Criteria;
  startSeq: bigint;
  client: SubscriberClient;
  scope: UserScope;
}

async function activeSubscriptions(c: pg.PoolClient, now: Date): Promise<ActiveSubscription[]> {
  const rows = z.array(SubRow).parse((await c.query("SELECT id, client_id, criteria, start_seq FROM subscriptions WHERE status = 'active'")).rows);
  const clients = new Map<string, { client: SubscriberClient; scope: UserScope } | null>();
  const out: ActiveSubscription[] = [];
  for (const r of rows) {
    const parsed = parseCriteria(r.criteria);
    if (!parsed.ok) continue;
    if (!clients.has(r.client_id)) {
      const client = await subscriberById(c, r.client_id);
      clients.set(r.client_id, client === null ? null : { client, scope: await scopeOf(c, client, now) });
    }
    const found = clients.get(r.client_id);
    if (found === undefined || found === null) continue;
    out.push({ id: r.id, criteria: parsed.value, startSeq: BigInt(r.start_seq), ...found });
  }
  return out;
}

/** One batch: returns how many deliveries were queued. */
export async function dispatchChanges(pool: pg.Pool, now: Date, batch = 500): Promise<number> {
  const safe = await safeChangeSeq(pool);
  return withTx(pool, async (c) => {
    await c.query('INSERT INTO subscription_cursor (id, seq) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [safe]);
    const cursor = z.coerce.string().parse((await c.query('SELECT seq FROM subscription_cursor WHERE id = 1 FOR UPDATE')).rows[0]?.seq);
    if (BigInt(cursor) >= BigInt(safe)) return 0;
    const subs = await activeSubscriptions(c, now);
    if (subs.length === 0) {
      await c.query('UPDATE subscription_cursor SET seq = $1 WHERE id = 1', [safe]);
      return 0;
    }
    const types = [...new Set(subs.map((s) => s.criteria.resourceType))];
    const changes = z.array(ChangeRow).parse((await c.query(
      `SELECT patient_id, resource_type, id, version, resource, seq FROM resources
       WHERE seq > $1 AND seq <= $2 AND resource_type = ANY($3::text[]) AND NOT deleted ORDER BY seq LIMIT $4`,
      [cursor, safe, types, batch],
    )).rows);
    let queued = 0;
    for (const ch of changes) {
      for (const s of subs) {
        if (BigInt(ch.seq) <= s.startSeq) continue;
        // The criteria's care-team filter names the subscriber's own care team (checked at creation).
        const ctx = { patientId: ch.patient_id, onCareTeam: (userId: string, p: string) => userId === s.client.userId && s.scope.careTeam.has(p) };
        if (!matchesCriteria(s.criteria, ch.resource_type, ch.resource, ctx)) continue;
        if (!subscriberMayRead(s.client, s.scope, ch.resource_type, ch.patient_id)) continue;
        const r = await c.query(
          `INSERT INTO subscription_deliveries (subscription_id, patient_id, resource_type, resource_id, version, seq, status, next_attempt_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7) ON CONFLICT DO NOTHING`,
          [s.id, ch.patient_id, ch.resource_type, ch.id, ch.version, ch.seq, now],
        );
        queued += r.rowCount ?? 0;
      }
    }
    const last = changes.at(-1);
    const next = changes.length === batch && last !== undefined ? last.seq : safe;
    await c.query('UPDATE subscription_cursor SET seq = $1 WHERE id = 1', [next]);
    return queued;
  });
}
