/**
 * Where every table goes on a distributed Postgres (Citus): distributed by `patient_id` (clinical
 * data, one patient's rows on one shard, co-located so a chart's joins stay on one node), a small
 * reference table (copied to every node, joinable from anywhere), or local to the coordinator
 * (operational state: sessions, nonces, cursors, the audit log). Migration 0015 applies exactly
 * this when the citus extension is present; citus-readiness.int.test.ts checks that every table
 * is listed here and that the schema and the SQL obey the placement.
 */
export const DISTRIBUTION_COLUMN = 'patient_id';

export type TablePlacement =
  | { kind: 'distributed' }
  | { kind: 'reference' }
  | { kind: 'local'; why: string };

const D = { kind: 'distributed' } as const;
const R = { kind: 'reference' } as const;
const L = (why: string): TablePlacement => ({ kind: 'local', why });

export const PLACEMENT: Readonly<Record<string, TablePlacement>> = {
  // Clinical data and per-patient state: distributed by patient_id, co-located with resources.
  resources: D,
  resource_versions: D,
  conflicts: D,
  mutation_log: D,
  care_team: D,
  patient_units: D,
  break_glass_grants: D,
  sync_scope: D,
  cds_cards: D,
  cds_feedback: D,
  cds_suppressions: D,
  restricted_patients: D,
  patient_match_keys: D,
  patient_index_state: D,
  hl7_outbound_orders: D,
  subscription_deliveries: D,
  // Small, read everywhere, joined with clinical rows: reference tables.
  users: R,
  devices: R,
  user_units: R,
  workstation_policy: R,
  note_signing_keys: R,
  smart_clients: R,
  smart_signing_keys: R,
  subscriber_clients: R,
  subscriptions: R,
  hl7_interfaces: R,
  mrn_ranges: R,
  update_packages: R,
  workstation_versions: R,
  // Coordinator-local: operational state never joined with a patient's rows on a worker.
  schema_migrations: L('migration bookkeeping'),
  seed_runs: L('demo seeding bookkeeping'),
  refresh_tokens: L('sessions: looked up by token hash, never by patient'),
  device_nonces: L('sign-in nonces, short-lived'),
  device_sign_ins: L('sign-in windows per device'),
  sign_in_limits: L('rate-limit counters'),
  sign_in_lockouts: L('lockout counters'),
  export_jobs: L('bulk export job queue, a few rows'),
  privacy_alert_cursor: L('one-row cursor'),
  privacy_alerts: L('per user, patient optional (after-hours, many-charts alerts have none): the privacy office reads them all'),
  hl7_outbound_cursor: L('one-row cursor'),
  hl7_inbound_messages: L('interface inbox: the patient is known only after the message is matched (patient_id NULL until then)'),
  patient_identifiers: L('the master patient index: (system, value) is unique across all patients, looked up by identifier, not by patient'),
  duplicate_reviews: L('pairs of two patients: no single patient owns the row'),
  patient_merges: L('pairs of two patients (survivor, retired)'),
  patient_merge_resources: L('belongs to a merge, not a patient'),
  smart_oidc: L('OAuth/OIDC provider state'),
  smart_launches: L('short-lived launch contexts'),
  smart_grant_context: L('short-lived grant contexts'),
  subscription_cursor: L('one-row cursor'),
  device_push_heads: L('per-device push heads, one row per device, locked while a push of the device is decided'),
  'audit.events': L('the append-only audit log: hash chains and their heads must stay together; could later be distributed by chain (see README, Scaling)'),
  'audit.chain_heads': L('the audit chains\' heads, with audit.events'),
  'audit.device_heads': L('per-device audit ingest heads, with audit.events'),
  'audit.findings': L('audit ingest findings, with audit.events'),
};

export const distributedTables = (): string[] => Object.entries(PLACEMENT).filter(([, p]) => p.kind === 'distributed').map(([t]) => t);
