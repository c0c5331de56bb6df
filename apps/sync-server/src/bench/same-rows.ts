/**
 * The same-rows baselines of the server bench: every row sync.push and audit.ingest store, written
 * by one plain statement per batch into copies of the real tables (with their indexes, without
 * triggers), so the bench can say what storing the rows costs before any checking, hashing or
 * locking. The copies follow the schema, so these statements must name every NOT NULL column the
 * migrations add (same-rows.int.test.ts runs them on a migrated database).
 * Audit rows go to one chain (0) with their seq as the chain position: unique, as the copied
 * (chain, chain_seq) index requires; which chain an event is on costs nothing here.
 */
import type { ChainedAuditEvent } from '@lantern/core';

export const SAME_ROWS_TABLES = `
  CREATE TABLE bench_versions (LIKE resource_versions INCLUDING ALL);
  CREATE TABLE bench_resources (LIKE resources INCLUDING ALL);
  CREATE TABLE bench_mutation_log (LIKE mutation_log INCLUDING ALL);
  CREATE TABLE bench_events (LIKE audit.events INCLUDING ALL);`;

export const SAME_ROWS_PUSH = `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(patient_id uuid, id text, version int, resource jsonb, mutation_id uuid, result jsonb, event jsonb, seq bigint)),
  v AS (INSERT INTO bench_versions (patient_id, resource_type, id, version, deleted, resource, last_updated, mutation_id)
        SELECT patient_id, 'MedicationRequest', id, version, false, resource, now(), mutation_id FROM x),
  m AS (INSERT INTO bench_mutation_log (mutation_id, user_id, device_id, patient_id, status, result, created_at)
        SELECT mutation_id, patient_id, 'bench', patient_id, 'applied', result, now() FROM x),
  e AS (INSERT INTO bench_events (seq, chain, chain_seq, event_id, device_id, user_id, action, outcome, detail, recorded_at, prev_hash, hash)
        SELECT seq, 0, seq, mutation_id::text, 'bench', 'bench', 'resource-update', 'success', event, now()::text, repeat('0', 64), repeat('1', 64) FROM x)
  INSERT INTO bench_resources (patient_id, resource_type, id, version, deleted, resource, seq, last_updated)
  SELECT patient_id, 'MedicationRequest', id, version, false, resource, seq, now() FROM x
  ON CONFLICT (patient_id, resource_type, id) DO UPDATE SET version = EXCLUDED.version, resource = EXCLUDED.resource, seq = EXCLUDED.seq`;

export const SAME_ROWS_AUDIT = `INSERT INTO bench_events (seq, chain, chain_seq, event_id, device_id, user_id, action, patient_id, resource_type, resource_id, outcome, reason, detail, recorded_at, prev_hash, hash)
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(seq bigint, chain smallint, chain_seq bigint, event_id text, device_id text, user_id text, action text, patient_id text,
    resource_type text, resource_id text, outcome text, reason text, detail jsonb, recorded_at text, prev_hash text, hash text)`;

/** The audit.events row ingest stores for a device's chained event, at `seqOffset + seq` (clear of the push rows' seqs). */
export function sameRowsAuditRow(e: ChainedAuditEvent, seqOffset: number) {
  return {
    seq: seqOffset + e.seq, chain: 0, chain_seq: seqOffset + e.seq, event_id: e.eventId, device_id: e.deviceId, user_id: e.userId, action: e.action, patient_id: e.patientId,
    resource_type: e.resourceType, resource_id: e.resourceId, outcome: e.outcome, reason: e.reason,
    detail: { ...e.detail, 'ingest.deviceSeq': e.seq, 'ingest.deviceHash': e.hash, 'ingest.from': '127.0.0.1', 'ingest.verified': true },
    recorded_at: e.recordedAt, prev_hash: e.prevHash, hash: e.hash,
  };
}
