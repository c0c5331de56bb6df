/**
 * sync.push (and a FHIR write) refuses a Provenance whose author signature does not verify: against the note it
 * signs (in the same batch, or already on the server) and the signer's registered key. The pusher
 * must own the key: a note is signed on its author's own session (desktop notes/sign-draft.ts).
 * A refusal is a `rejected` result with BAD_INPUT; nothing is written.
 */
import { LanternError, type Mutation, type ResourceJson } from '@lantern/core';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { signatureKeyId, signedNoteId, verifyProvenanceSignature, type ServerSignatureStatus } from './verify.ts';

/** What the batch knows about a resource key (`Type/id`): undefined = not loaded by the batch. */
export type BatchLookup = (key: string) => { resource: ResourceJson | null } | null | undefined;

const Row = z.object({ resource: z.record(z.string(), z.unknown()).nullable() });

const REASON: Record<Exclude<ServerSignatureStatus, 'valid' | 'unsigned'>, string> = {
  tampered: 'The note signature does not verify: the note or its signature changed after signing',
  'unknown-key': "The note was signed with a key not registered to the signed-in user: register the signing key first",
  'note-missing': 'The signed note is not on the server: push the note before its signature',
};

export async function requireValidNoteSignature(q: Queryable, userId: string, m: Mutation, resource: ResourceJson | null, batch: BatchLookup): Promise<void> {
  await requireValidSignatureOf(q, userId, { resourceType: m.resourceType, patientId: m.patientId, resource }, batch);
}

/**
 * The same rule for any write (FHIR create/update of a Provenance too): `batch` answers for notes
 * written earlier in the same unit of work; otherwise the stored note is read with `q`.
 */
export async function requireValidSignatureOf(
  q: Queryable, userId: string, w: { resourceType: string; patientId: string; resource: ResourceJson | null }, batch: BatchLookup = () => undefined,
): Promise<void> {
  const resource = w.resource;
  if (w.resourceType !== 'Provenance' || resource === null || signatureKeyId(resource) === null) return;
  const noteId = signedNoteId(resource);
  let note: ResourceJson | null = null;
  if (noteId !== null) {
    const known = batch(`DocumentReference/${noteId}`);
    if (known !== undefined) note = known?.resource ?? null;
    else {
      const r = await q.query("SELECT resource FROM resources WHERE resource_type = 'DocumentReference' AND id = $1 AND patient_id = $2::uuid AND NOT deleted", [noteId, w.patientId]);
      note = r.rows[0] === undefined ? null : Row.parse(r.rows[0]).resource;
    }
  }
  const status = await verifyProvenanceSignature(q, resource, note, userId);
  if (status === 'valid' || status === 'unsigned') return;
  throw new LanternError('BAD_INPUT', REASON[status], { issues: [{ path: 'signature', message: status }] });
}
