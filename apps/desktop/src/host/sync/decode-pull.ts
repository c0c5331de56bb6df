/**
 * Decoding sync.pull's answer on the workstation. The server is a trust boundary, so every field of
 * core's PullOutputSchema is checked (cursor, ids, versions, instants, the page token); each
 * resource is checked to be a JSON object with a string resourceType WITHOUT being copied. Core's
 * ResourceJsonSchema (a zod record) rebuilds every resource key by key: on a 2,000-change catch-up
 * page that was a third of the decoding and a second copy of the page on the heap, while the store
 * validates each resource against its FHIR schema before writing it anyway (store/local-store.ts).
 */
import { ChangeSchema, PullOutputSchema, type PullOutput, type ResourceJson } from '@lantern/core';
import { z } from 'zod';

const PulledResourceSchema = z.custom<ResourceJson>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { resourceType?: unknown }).resourceType === 'string',
  { message: 'must be a FHIR resource with a resourceType' },
);

const PullWireSchema = PullOutputSchema.extend({ changes: z.array(ChangeSchema.extend({ resource: PulledResourceSchema.nullable() })) });

/** sync.pull's answer as the workstation takes it: a ZodError (a bug or a hostile server) when any field is wrong. */
export function decodePullOutput(data: unknown): PullOutput {
  return PullWireSchema.parse(data);
}
