/**
 * The sync protocol shared by the workstation and the server (ARCHITECTURE.md, Sync protocol).
 * Types are inferred from these zod schemas; both ends validate what crosses the wire.
 */
import { z } from 'zod';
import { DeviceIdSchema, MutationIdSchema, PatientIdSchema, ResourceIdSchema, UserIdSchema, ConflictIdSchema } from '../ids/index.ts';
import { SUPPORTED_RESOURCE_TYPES } from '../fhir/validate.ts';
import { ERROR_CODES } from '../errors.ts';
import { fhirInstant } from '../fhir/datatypes.ts';
import type { LanternResource } from '../fhir/types.ts';

export const MUTATION_OPS = ['create', 'update', 'delete'] as const;
export type MutationOp = (typeof MUTATION_OPS)[number];

export const ResourceTypeSchema = z.enum(SUPPORTED_RESOURCE_TYPES as [string, ...string[]]);

/** A FHIR resource as JSON; its shape is checked by `validateResource` on the receiving side. */
export const ResourceJsonSchema = z.record(z.string(), z.unknown()).refine((r) => typeof r['resourceType'] === 'string', {
  message: 'must be a FHIR resource with a resourceType',
});
export type ResourceJson = z.infer<typeof ResourceJsonSchema>;
/**
 * A typed FHIR resource as the JSON a mutation or a policy decision carries. Every FHIR resource is a
 * JSON object with a `resourceType`, so the widening is sound; this is the one place it is spelled.
 */
export function resourceJson(resource: LanternResource): ResourceJson {
  return resource as unknown as ResourceJson;
}

/** Server versions are integers carried as strings, like FHIR `meta.versionId`. */
export const VersionSchema = z.string().regex(/^[1-9][0-9]*$/, 'must be a positive integer version');

export const MutationSchema = z
  .object({
    mutationId: MutationIdSchema,
    deviceId: DeviceIdSchema,
    userId: UserIdSchema,
    resourceType: ResourceTypeSchema,
    resourceId: ResourceIdSchema,
    patientId: PatientIdSchema,
    op: z.enum(MUTATION_OPS),
    /** The server version the edit was made on; null for a create. */
    baseVersion: VersionSchema.nullable(),
    /** The full resource after the edit; null for a delete. */
    resource: ResourceJsonSchema.nullable(),
    createdAt: fhirInstant,
  })
  .superRefine((m, ctx) => {
    if (m.op === 'create' && m.baseVersion !== null) ctx.addIssue({ code: 'custom', path: ['baseVersion'], message: 'must be null for a create' });
    if (m.op !== 'create' && m.baseVersion === null) ctx.addIssue({ code: 'custom', path: ['baseVersion'], message: `is required for ${m.op}` });
    if (m.op !== 'delete' && m.resource === null) ctx.addIssue({ code: 'custom', path: ['resource'], message: `is required for ${m.op}` });
    if (m.resource !== null) {
      if (m.resource['resourceType'] !== m.resourceType) ctx.addIssue({ code: 'custom', path: ['resource', 'resourceType'], message: 'must match resourceType' });
      if (m.resource['id'] !== m.resourceId) ctx.addIssue({ code: 'custom', path: ['resource', 'id'], message: 'must match resourceId' });
    }
  });
export type Mutation = z.infer<typeof MutationSchema>;

/**
 * The batch a push continues: the last mutation of the batch the workstation sent before this one
 * and has no answer for yet. A server that checks it (its answers say `checksAfter`) decides the
 * push only once that batch was decided completely with no change to send again, else refuses it
 * whole, nothing stored (VERSION_MISMATCH, issue path 'after'): send it again once that one is answered.
 */
export const PushAfterSchema = z.object({ mutationId: MutationIdSchema });
export type PushAfter = z.infer<typeof PushAfterSchema>;
/** The issue path of the refusal of a push whose `after` is not the batch the server decided last. */
export const PUSH_AFTER_ISSUE = 'after';

export const PushInputSchema = z.object({
  deviceId: DeviceIdSchema,
  mutations: z.array(MutationSchema).max(500, 'push at most 500 mutations at a time'),
  /** Optional: a push without it is decided as it arrives, as before. */
  after: PushAfterSchema.optional(),
});
export type PushInput = z.infer<typeof PushInputSchema>;

export const PushResultSchema = z.discriminatedUnion('status', [
  z.object({ mutationId: MutationIdSchema, status: z.literal('applied'), version: VersionSchema }),
  z.object({ mutationId: MutationIdSchema, status: z.literal('merged'), version: VersionSchema, resource: ResourceJsonSchema }),
  z.object({
    mutationId: MutationIdSchema,
    status: z.literal('conflict'),
    conflictId: ConflictIdSchema,
    serverResource: ResourceJsonSchema.nullable(),
    /** Paths of the fields both sides changed, or safety-critical fields the client changed. */
    fields: z.array(z.string()),
  }),
  z.object({ mutationId: MutationIdSchema, status: z.literal('rejected'), code: z.enum(ERROR_CODES), message: z.string() }),
]);
export type PushResult = z.infer<typeof PushResultSchema>;
export type PushStatus = PushResult['status'];

export const PushOutputSchema = z.object({
  results: z.array(PushResultSchema),
  /** The server honours `after`: the workstation may send its next batch before this answer (an older server omits it). */
  checksAfter: z.boolean().optional(),
});
export type PushOutput = z.infer<typeof PushOutputSchema>;

/** An opaque server sequence; clients store it and send it back. */
export const CursorSchema = z.string().regex(/^[0-9]+$/, 'must be a cursor returned by sync.pull');

/**
 * Where a pull's backfill stands (protocol 4): opaque, returned with each page; the client stores it
 * with the page it applied and sends it back, and the server derives the next page from it, so a
 * page whose answer was lost is sent again. A client that sends none (protocol 2, 3) is served as before.
 */
export const PageTokenSchema = z.string().max(200);

export const PullInputSchema = z.object({
  cursor: CursorSchema.nullable(),
  limit: z.number().int().min(1).max(5000).default(500),
  pageToken: PageTokenSchema.nullable().optional(),
});
export type PullInput = z.input<typeof PullInputSchema>;

export const ChangeSchema = z.object({
  seq: CursorSchema,
  resourceType: ResourceTypeSchema,
  resourceId: ResourceIdSchema,
  patientId: PatientIdSchema,
  version: VersionSchema,
  /** null is a tombstone: the resource was deleted. */
  resource: ResourceJsonSchema.nullable(),
  lastUpdated: fhirInstant,
});
export type Change = z.infer<typeof ChangeSchema>;

export const PullOutputSchema = z.object({
  changes: z.array(ChangeSchema),
  /** Patients no longer in the caller's scope: the client purges their PHI. */
  purgePatients: z.array(PatientIdSchema),
  cursor: CursorSchema,
  hasMore: z.boolean(),
  /** Total changes still to send after this page, for a progress bar on first sync. */
  remaining: z.number().int().nonnegative(),
  /** Protocol 4, when the client sent `pageToken`: the token to send with the next pull. */
  pageToken: PageTokenSchema.nullable().optional(),
});
export type PullOutput = z.infer<typeof PullOutputSchema>;
