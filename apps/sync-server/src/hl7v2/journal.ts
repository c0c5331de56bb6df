/**
 * The inbound journal: every message is written here before it is handled and before it is
 * acknowledged, so nothing a sender was told is ours can be lost. Messages answered AE or AR stay
 * in status error/rejected: that is the error queue an interface analyst replays or discards.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import type { Hl7Outcome, MshHeader } from './message.ts';

export type JournalStatus = 'received' | 'accepted' | 'error' | 'rejected' | 'discarded';

export async function journalReceived(pool: pg.Pool, raw: string, header: Partial<MshHeader>, now: Date): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `INSERT INTO hl7_inbound_messages (id, received_at, sending_application, sending_facility, control_id, message_type, raw, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'received')`,
    [id, now, header.sendingApplication ?? null, header.sendingFacility ?? null, header.controlId ?? null, messageTypeOf(header), raw],
  );
  return id;
}

const messageTypeOf = (h: Partial<MshHeader>): string | null =>
  h.messageType === undefined || h.messageType === '' ? null : `${h.messageType}^${h.event ?? ''}`;

export function statusOf(outcome: Hl7Outcome): JournalStatus {
  switch (outcome.code) {
    case 'AA':
      return 'accepted';
    case 'AE':
      return 'error';
    case 'AR':
      return 'rejected';
    default: {
      const never: never = outcome;
      throw new Error(`unknown outcome ${JSON.stringify(never)}`);
    }
  }
}

export async function journalOutcome(pool: pg.Pool, id: string, header: Partial<MshHeader>, outcome: Hl7Outcome): Promise<void> {
  const error = outcome.code === 'AA' ? null : `${outcome.problem.condition} ${outcome.problem.text}`;
  const flags = outcome.code === 'AA' ? outcome.flags : [];
  await pool.query(
    `UPDATE hl7_inbound_messages SET status = $2, ack_code = $3, error = $4, flags = $5, patient_id = $6,
            sending_application = coalesce($7, sending_application), sending_facility = coalesce($8, sending_facility),
            control_id = coalesce($9, control_id), message_type = coalesce($10, message_type)
      WHERE id = $1`,
    [id, statusOf(outcome), outcome.code, error, flags, outcome.patientId, header.sendingApplication ?? null, header.sendingFacility ?? null, header.controlId ?? null, messageTypeOf(header)],
  );
}

/**
 * The first accepted message with this sender and control id (MSH-10 is unique per sender, HL7
 * v2.5.1 2.14.9.10): a sender that resends after a lost ACK gets AA again, and nothing is filed twice.
 */
export async function acceptedBefore(pool: pg.Pool, h: MshHeader, exceptId: string): Promise<{ patientId: string | null } | null> {
  const r = await pool.query(
    `SELECT patient_id::text AS "patientId" FROM hl7_inbound_messages
      WHERE sending_application = $1 AND sending_facility = $2 AND control_id = $3 AND status = 'accepted' AND id <> $4
      ORDER BY received_at LIMIT 1`,
    [h.sendingApplication, h.sendingFacility, h.controlId, exceptId],
  );
  return r.rows[0] === undefined ? null : z.object({ patientId: z.string().nullable() }).parse(r.rows[0]);
}

export const QueueEntry = z.object({
  id: z.string(),
  receivedAt: z.coerce.date().transform((d) => d.toISOString()),
  sendingApplication: z.string().nullable(),
  sendingFacility: z.string().nullable(),
  controlId: z.string().nullable(),
  messageType: z.string().nullable(),
  status: z.enum(['received', 'accepted', 'error', 'rejected', 'discarded']),
  ackCode: z.enum(['AA', 'AE', 'AR']).nullable(),
  error: z.string().nullable(),
  flags: z.array(z.string()),
  attempts: z.number().int(),
});
export type QueueEntry = z.infer<typeof QueueEntry>;

const COLUMNS = `id, received_at AS "receivedAt", sending_application AS "sendingApplication", sending_facility AS "sendingFacility",
  control_id AS "controlId", message_type AS "messageType", status, ack_code AS "ackCode", error, flags, attempts`;

/** The error queue, oldest first: metadata only (the raw message is read one at a time, audited). */
export async function listQueue(pool: pg.Pool, limit: number): Promise<QueueEntry[]> {
  const r = await pool.query(`SELECT ${COLUMNS} FROM hl7_inbound_messages WHERE status IN ('error', 'rejected') ORDER BY received_at, id LIMIT $1`, [limit]);
  return r.rows.map((x) => QueueEntry.parse(x));
}

/** Messages accepted with a flag (a result for an order Lantern does not know), newest first. */
export async function listFlagged(pool: pg.Pool, limit: number): Promise<QueueEntry[]> {
  const r = await pool.query(`SELECT ${COLUMNS} FROM hl7_inbound_messages WHERE cardinality(flags) > 0 ORDER BY received_at DESC, id LIMIT $1`, [limit]);
  return r.rows.map((x) => QueueEntry.parse(x));
}

export async function readEntry(pool: pg.Pool, id: string): Promise<(QueueEntry & { raw: string; patientId: string | null }) | null> {
  const r = await pool.query(`SELECT ${COLUMNS}, raw, patient_id::text AS "patientId" FROM hl7_inbound_messages WHERE id = $1`, [id]);
  if (r.rows[0] === undefined) return null;
  return QueueEntry.extend({ raw: z.string(), patientId: z.string().nullable() }).parse(r.rows[0]);
}

/** A queued message set aside by a person; kept (never deleted), no longer in the queue. */
export async function discardEntry(pool: pg.Pool, id: string, userId: string, now: Date): Promise<boolean> {
  const r = await pool.query("UPDATE hl7_inbound_messages SET status = 'discarded', decided_by = $2, decided_at = $3 WHERE id = $1 AND status IN ('error', 'rejected')", [id, userId, now]);
  return (r.rowCount ?? 0) > 0;
}
