/**
 * Lab orders out (ORM^O01 over MLLP) to the lab configured as an HL7 v2 endpoint. It follows the
 * server's change feed (as the demo lab does: up to the safe point, so a write still committing is
 * never skipped) for signed lab orders (ServiceRequest active, category laboratory), queues one
 * message per order in `hl7_outbound_orders`, and sends it until the lab acknowledges it (AA/CA),
 * with exponential back-off between attempts. AR/CR is recorded as rejected, not retried. Each
 * disclosure to the lab is audited (action `export`, ids only).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { appendAuditEvents, serverEvent, type Actor } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { safeChangeSeq } from '../db/resources.ts';
import type { Hl7Deps } from './deps.ts';
import { parseMessage } from './message.ts';
import { MllpConnection } from './mllp.ts';
import { buildOrm, OrderFacts, PatientFacts } from './orm-message.ts';
import { startPoller } from '../poller.ts';

export interface OrderSender {
  /** One pass: read the feed, send what is due. Returns the orders acknowledged (tests drive it). */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

const LAB_PROCEDURE = '108252007';
const BASE_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** 2^attempts seconds, at most five minutes. */
export const backoffMs = (attempts: number): number => Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.min(attempts, 20));

const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'system', deviceId: 'hl7-outbound', clientAddress: 'local' };
const FeedRow = z.object({ patient_id: z.string(), id: z.string(), seq: z.coerce.string(), resource: z.record(z.string(), z.unknown()) });
const DueRow = z.object({ service_request_id: z.string(), patient_id: z.string(), message: z.string(), attempts: z.number() });

export async function startOrderSender(d: Hl7Deps, o: { endpoint: { host: string; port: number }; pollMs?: number; timeoutMs?: number }): Promise<OrderSender> {
  // First start: orders signed from now on (the backlog of a system that had no lab link stays put).
  await d.pool.query('INSERT INTO hl7_outbound_cursor (one, seq) VALUES (true, $1) ON CONFLICT DO NOTHING', [await safeChangeSeq(d.pool)]);

  async function readFeed(): Promise<void> {
    const cur = z.object({ seq: z.coerce.string() }).parse((await d.pool.query('SELECT seq FROM hl7_outbound_cursor')).rows[0]).seq;
    const safe = await safeChangeSeq(d.pool);
    const r = await d.pool.query(
      `SELECT patient_id::text AS patient_id, id, seq, resource FROM resources
        WHERE resource_type = 'ServiceRequest' AND seq > $1::bigint AND seq <= $2::bigint AND NOT deleted AND status = 'active'
          AND resource->'category' @> $3::jsonb
        ORDER BY seq LIMIT 200`,
      [cur, safe, JSON.stringify([{ coding: [{ code: LAB_PROCEDURE }] }])],
    );
    const rows = r.rows.map((x) => FeedRow.parse(x));
    const next = rows.length === 200 ? (rows[rows.length - 1]?.seq ?? safe) : safe;
    for (const row of rows) {
      const order = OrderFacts.safeParse(row.resource);
      if (!order.success) continue;
      const p = await d.pool.query("SELECT resource FROM resources WHERE resource_type = 'Patient' AND patient_id = $1::uuid AND id = $2 AND NOT deleted", [row.patient_id, row.patient_id]);
      const patient = PatientFacts.safeParse((p.rows[0] as { resource?: unknown } | undefined)?.resource);
      if (!patient.success) continue;
      const controlId = randomUUID().replace(/-/g, '').slice(0, 20);
      const message = buildOrm({ order: order.data, patient: patient.data, controlId, now: d.clock.now(), receivingApplication: `${o.endpoint.host}:${o.endpoint.port}` });
      await d.pool.query(
        `INSERT INTO hl7_outbound_orders (service_request_id, patient_id, control_id, message, status, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, 'pending', $5, $5) ON CONFLICT (service_request_id) DO NOTHING`,
        [row.id, row.patient_id, controlId, message, d.clock.now()],
      );
    }
    await d.pool.query('UPDATE hl7_outbound_cursor SET seq = $1', [next]);
  }

  async function sendOne(row: z.infer<typeof DueRow>): Promise<boolean> {
    const now = d.clock.now();
    let answer: string;
    try {
      const conn = await MllpConnection.open(o.endpoint.host, o.endpoint.port, o.timeoutMs ?? 5000);
      try {
        answer = await conn.send(row.message, o.timeoutMs ?? 10_000);
      } finally {
        conn.close();
      }
    } catch (e) {
      await retryLater(row, now, e instanceof Error ? e.message : 'send failed');
      return false;
    }
    const ack = parseMessage(answer);
    const code = ack.ok ? (ack.message.exists('MSA') ? ack.message.get('MSA.1').toString() : '') : '';
    if (code === 'AA' || code === 'CA' || code === 'AR' || code === 'CR') {
      const acked = code === 'AA' || code === 'CA';
      await withTx(d.pool, async (c) => {
        await c.query('UPDATE hl7_outbound_orders SET status = $2, attempts = attempts + 1, acked_at = $3, last_error = $4 WHERE service_request_id = $1', [row.service_request_id, acked ? 'acked' : 'rejected', now, acked ? null : `lab answered ${code}`]);
        await appendAuditEvents(c, [serverEvent(SYSTEM_ACTOR, { action: 'export', outcome: acked ? 'success' : 'failure', patientId: row.patient_id, resourceType: 'ServiceRequest', resourceId: row.service_request_id, detail: { via: 'hl7v2-orm', ack: code } }, now)]);
      });
      return acked;
    }
    await retryLater(row, now, `lab answered ${code === '' ? 'no MSA' : code.slice(0, 2)}`);
    return false;
  }

  async function retryLater(row: z.infer<typeof DueRow>, now: Date, error: string): Promise<void> {
    await d.pool.query('UPDATE hl7_outbound_orders SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE service_request_id = $1', [
      row.service_request_id, new Date(now.getTime() + backoffMs(row.attempts)), error.slice(0, 200),
    ]);
    d.logger.warn({ serviceRequestId: row.service_request_id, attempts: row.attempts + 1 }, 'hl7v2: order not acknowledged yet, will retry');
  }

  async function tick(): Promise<number> {
    await readFeed();
    const due = await d.pool.query("SELECT service_request_id, patient_id::text AS patient_id, message, attempts FROM hl7_outbound_orders WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT 50", [d.clock.now()]);
    let acked = 0;
    for (const row of due.rows.map((x) => DueRow.parse(x))) if (await sendOne(row)) acked++;
    return acked;
  }

  const poller = startPoller(tick, { pollMs: o.pollMs ?? 1000, onError: (e: unknown) => d.logger.warn({ err: e instanceof Error ? e.message : 'unknown' }, 'hl7v2: order sender pass failed') });
  return {
    tick,
    stop: () => poller.stop(),
  };
}
