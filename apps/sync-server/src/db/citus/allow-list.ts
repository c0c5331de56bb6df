/**
 * The deliberate exceptions to the Citus rules (readiness.ts), each with its reason. The test fails
 * on any finding not listed here, and on a schema entry whose problem is gone. "Fan-out" means
 * Citus runs the statement on every shard (or on every shard holding one of the listed patients)
 * and merges the answers: correct, but costs one task per shard instead of one.
 */
export interface AllowedSchemaFinding { table: string; rule: string; match: string; reason: string }
export interface AllowedFanOut { file: string; table: string; reason: string }

/** Single-column keys kept on plain Postgres (their ON CONFLICT and lookups use them); 0015 widens them to include patient_id on Citus. */
const WIDENED_ON_CITUS = 'single-column key (uuid or bigserial) kept on plain Postgres for the lookups and ON CONFLICT that use it; 0015 replaces it by (patient_id, key) when citus is present (the key stays unique either way). On paper: the statements that name the old key are not exercised on Citus here.';

export const ALLOWED_SCHEMA: readonly AllowedSchemaFinding[] = [
  { table: 'break_glass_grants', rule: 'unique-without-distribution-column', match: 'break_glass_grants_pkey', reason: WIDENED_ON_CITUS },
  { table: 'cds_feedback', rule: 'unique-without-distribution-column', match: 'cds_feedback_pkey', reason: WIDENED_ON_CITUS },
  { table: 'conflicts', rule: 'unique-without-distribution-column', match: 'conflicts_pkey', reason: WIDENED_ON_CITUS },
  { table: 'hl7_outbound_orders', rule: 'unique-without-distribution-column', match: 'hl7_outbound_orders_pkey', reason: WIDENED_ON_CITUS },
  { table: 'mutation_log', rule: 'unique-without-distribution-column', match: 'mutation_log_pkey', reason: 'push deduplicates by mutation id before it knows the patient (a retried mutation may name another patient); 0015 widens the key on Citus and dedup becomes a fan-out (sync/push.ts below)' },
  { table: 'mutation_log', rule: 'nullable-distribution-column', match: 'may be NULL', reason: 'a mutation rejected before its patient is known is logged without one; on Citus 0015 moves existing ones to the nil-UUID partition (SHARED_PARTITION) and makes the column NOT NULL, so push must then log them under that partition (on paper: listed in the README)' },
  { table: 'subscription_deliveries', rule: 'unique-without-distribution-column', match: 'subscription_deliveries_pkey', reason: WIDENED_ON_CITUS },
  { table: 'subscription_deliveries', rule: 'unique-without-distribution-column', match: 'subscription_id_resource_type', reason: 'one delivery per (subscription, resource version): the resource belongs to one patient, so 0015 adds patient_id to this key on Citus without changing what it allows' },
];

const BY_DELIVERY_ID = 'the delivery worker updates a delivery by its uuid; on Citus a single-row fan-out (one index probe per shard). Routing it needs patient_id carried in the worker\'s row, a small change listed in the README';

export const ALLOWED_FAN_OUTS: readonly AllowedFanOut[] = [
  { file: 'admin/user-directory.ts', table: 'care_team', reason: 'administration screen: counts each user\'s care-team patients across all patients' },
  { file: 'db/resources.ts', table: 'resources', reason: 'FHIR read by logical id (GET [type]/[id]) and search without a patient parameter: the id does not carry the patient, so Citus probes the (resource_type, id) index on every shard; searchResources adds patient_id when the query has one' },
  { file: 'db/resources.ts', table: 'resource_versions', reason: 'FHIR vread and _history by logical id: as the read, one index probe per shard' },
  { file: 'fhir/everything.ts', table: 'resources', reason: 'not a fan-out: the WHERE fragment is built in another literal of the file and starts with patient_id = $1' },
  { file: 'fhir/history.ts', table: 'resource_versions', reason: 'type-level and instance-level _history: patient_id is in the WHERE fragment only when the request names a patient' },
  { file: 'fhir/search.ts', table: 'resources', reason: 'FHIR search: routed when the query has patient/subject (the WHERE fragment adds patient_id), else a deliberate fan-out bounded by _count' },
  { file: 'fhir/search/include.ts', table: 'resources', reason: '_include by reference: the referenced ids do not carry their patient; bounded by MAX_INCLUDED' },
  { file: 'hl7v2/hl7-router.ts', table: 'hl7_outbound_orders', reason: 'the HL7 interface status screen lists recent orders of all patients' },
  { file: 'hl7v2/outbound.ts', table: 'hl7_outbound_orders', reason: 'the order sender updates an order by its ServiceRequest id after the ACK; single-row fan-out' },
  { file: 'note-signatures/read-status.ts', table: 'resources', reason: 'a note\'s signature status by DocumentReference id, as the FHIR read' },
  { file: 'privacy/alerts/processor.ts', table: 'resources', reason: 'the alert processor joins users to their own Patient record (same surname/address checks): one lookup per user, by id' },
  { file: 'routers/admin.ts', table: 'patient_units', reason: 'administration overview: patients per unit across all patients' },
  { file: 'subscriptions/deliverer.ts', table: 'subscription_deliveries', reason: BY_DELIVERY_ID },
  { file: 'subscriptions/delivery-state.ts', table: 'subscription_deliveries', reason: 'the integrator\'s delivery screen lists and retries deliveries of a subscription across patients' },
  { file: 'sync/merged-patients.ts', table: 'resources', reason: 'merged (inactive) Patient records by id: the id is the patient, the statement could add patient_id = id; listed until it does' },
  { file: 'db/change-feed-bench.ts', table: 'resources', reason: 'benchmark only (pnpm bench change-feed): counts the rows a page of the whole feed holds, which is a fan-out by design' },
  { file: 'sync/pull.ts', table: 'resources', reason: 'not a single-patient query by design: the WHERE fragment is patient_id = ANY(the device scope), so Citus runs it on the shards holding the scope' },
  { file: 'sync/pull.ts', table: 'sync_scope', reason: 'a device\'s scope rows are dropped on full resync: one delete across the device\'s patients' },
  { file: 'sync/push.ts', table: 'mutation_log', reason: 'deduplication by mutation id before the patient is trusted (see the schema entry)' },
];
