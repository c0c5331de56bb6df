/**
 * Audit events: who did what to which record, and why (HIPAA 164.312(b), audit controls).
 * Workstations record them offline, hash-chained per device; the server verifies each device's chain
 * on ingest and appends to its own chain. Details never hold PHI: ids and codes only.
 */
import { z } from 'zod';
import { DeviceIdSchema, PatientIdSchema, UserIdSchema } from '../ids/index.ts';
import { fhirInstant } from '../fhir/datatypes.ts';

export const AUDIT_ACTIONS = [
  'login', 'login-offline', 'logout', 'lock', 'unlock', 'login-failed',
  // Sign-in lockout after repeated failures, and its lifting by an administrator.
  'login-locked', 'login-unlocked',
  'chart-view', 'resource-read', 'search',
  'resource-create', 'resource-update', 'resource-delete',
  'note-sign', 'order-sign', 'cds-override',
  'break-glass', 'conflict-resolve', 'export', 'access-denied',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditEventInputSchema = z.object({
  eventId: z.string().uuid(),
  deviceId: DeviceIdSchema,
  userId: UserIdSchema,
  action: z.enum(AUDIT_ACTIONS),
  patientId: PatientIdSchema.nullable(),
  resourceType: z.string().max(64).nullable(),
  resourceId: z.string().max(64).nullable(),
  outcome: z.enum(['success', 'denied', 'failure']),
  /** Why: a break-glass reason, an override reason, a purpose of use. Free text chosen by a clinician. */
  reason: z.string().max(1000).nullable(),
  /** Ids and codes only, never names or clinical text. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  recordedAt: fhirInstant,
});
export type AuditEventInput = z.infer<typeof AuditEventInputSchema>;

/** A chained event: `seq` counts from 1 per chain; `prevHash` is the previous event's `hash`. */
export const ChainedAuditEventSchema = AuditEventInputSchema.extend({
  seq: z.number().int().positive(),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ChainedAuditEvent = z.infer<typeof ChainedAuditEventSchema>;

/** The prevHash of the first event of every chain. */
export const GENESIS_HASH = '0'.repeat(64);
