/**
 * The one way a workstation builds a sync mutation (ARCHITECTURE.md, Sync protocol): from a typed FHIR
 * resource and who, where and when, checked against MutationSchema so a mutation that the server would
 * refuse (no id, a resource that does not match its type, an update with no base version) is caught
 * where it is made, as a value, before it reaches the outbox.
 */
import { LanternError } from '../errors.ts';
import { zodIssuesToFieldIssues } from '../fhir/validate.ts';
import type { LanternResource } from '../fhir/types.ts';
import { err, ok, type Result } from '../result.ts';
import { MutationSchema, type Mutation, type ResourceJson } from './protocol.ts';

/** Who makes the change, on which device, and when: the same for every mutation of one act. */
export interface MutationOrigin {
  /** A fresh UUID per mutation (the server deduplicates retries by it). */
  mutationId: string;
  deviceId: string;
  userId: string;
  /** ISO instant, or the host clock's Date. */
  createdAt: string | Date;
}

export type MutationChange =
  /** A resource made on this workstation. */
  | { op: 'create'; resource: LanternResource | ResourceJson }
  /**
   * An edit of a resource the server has. The base is the server version the edit was made on:
   * by default the resource's own `meta.versionId`, or given (a conflict resolution bases it on the
   * server's copy).
   */
  | { op: 'update'; resource: LanternResource | ResourceJson; baseVersion?: string | null }
  | { op: 'delete'; resourceType: string; resourceId: string; baseVersion: string | null };

export type NewMutationInput = MutationOrigin & MutationChange & { patientId: string };

const versionOf = (r: LanternResource | ResourceJson): string | null => {
  const meta = r['meta'];
  if (typeof meta !== 'object' || meta === null || !('versionId' in meta)) return null;
  return typeof meta.versionId === 'string' ? meta.versionId : null;
};

/** Builds and validates one mutation; a BAD_INPUT error names the fields that make it invalid. */
export function newMutation(i: NewMutationInput): Result<Mutation, LanternError> {
  const createdAt = typeof i.createdAt === 'string' ? i.createdAt : i.createdAt.toISOString();
  const body = i.op === 'delete'
    ? { resourceType: i.resourceType, resourceId: i.resourceId, baseVersion: i.baseVersion, resource: null }
    : {
      resourceType: i.resource['resourceType'],
      resourceId: i.resource['id'],
      baseVersion: i.op === 'create' ? null : i.baseVersion === undefined ? versionOf(i.resource) : i.baseVersion,
      resource: i.resource,
    };
  // Parsing (not casting) widens the typed resource to mutation JSON and brands the ids.
  const parsed = MutationSchema.safeParse({
    mutationId: i.mutationId, deviceId: i.deviceId, userId: i.userId, patientId: i.patientId, op: i.op, createdAt, ...body,
  });
  if (!parsed.success) return err(new LanternError('BAD_INPUT', 'The change is not a valid sync mutation', { issues: zodIssuesToFieldIssues('mutation', parsed.error) }));
  return ok(parsed.data);
}
