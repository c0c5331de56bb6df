/**
 * FHIR read of a Provenance or a signed DocumentReference carries the server's verdict on the
 * note's signature, verified at read time against the registered key (never a stored flag):
 * one `meta.tag` of system SIGNATURE_STATUS_SYSTEM, code `valid | tampered | unknown-key |
 * note-missing | unsigned` (http://hl7.org/fhir/R4/resource.html#tag: tags are not part of the
 * signed content, which excludes `meta`). A tag of that system sent by a client is dropped first.
 */
import type { ResourceJson } from '@lantern/core';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { signedNoteId, verifyProvenanceSignature, type ServerSignatureStatus } from './verify.ts';

export const SIGNATURE_STATUS_SYSTEM = 'https://lantern.health/fhir/CodeSystem/note-signature-status';

const DISPLAY: Record<ServerSignatureStatus, string> = {
  valid: 'Signature verified by the server',
  tampered: 'Signature does not verify',
  'unknown-key': 'Signed with a key the server does not know',
  'note-missing': 'The signed note is not on the server',
  unsigned: 'No author signature',
};

const Row = z.object({ resource: z.record(z.string(), z.unknown()).nullable() });

function tagged(resource: ResourceJson, status: ServerSignatureStatus): ResourceJson {
  const meta = (resource['meta'] as { tag?: { system?: string }[] } | undefined) ?? {};
  const tag = [...(meta.tag ?? []).filter((t) => t.system !== SIGNATURE_STATUS_SYSTEM), { system: SIGNATURE_STATUS_SYSTEM, code: status, display: DISPLAY[status] }];
  return { ...resource, meta: { ...meta, tag } };
}

/** The resource as read, with the signature verdict for Provenance and signed notes; others unchanged. */
export async function withSignatureStatus(q: Queryable, type: string, patientId: string | null, resource: ResourceJson): Promise<ResourceJson> {
  if (type === 'Provenance') {
    const noteId = signedNoteId(resource);
    let note: ResourceJson | null = null;
    if (noteId !== null) {
      const r = await q.query("SELECT resource FROM resources WHERE resource_type = 'DocumentReference' AND id = $1 AND NOT deleted", [noteId]);
      note = r.rows[0] === undefined ? null : Row.parse(r.rows[0]).resource;
    }
    return tagged(resource, await verifyProvenanceSignature(q, resource, note));
  }
  if (type === 'DocumentReference' && patientId !== null && ['final', 'amended'].includes(String(resource['docStatus']))) {
    const r = await q.query(
      "SELECT resource FROM resources WHERE patient_id = $1::uuid AND resource_type = 'Provenance' AND NOT deleted AND resource->'target' @> $2::jsonb",
      [patientId, JSON.stringify([{ reference: `DocumentReference/${String(resource['id'])}` }])],
    );
    let best: ServerSignatureStatus = 'unsigned';
    for (const row of z.array(Row).parse(r.rows)) {
      if (row.resource === null) continue;
      const s = await verifyProvenanceSignature(q, row.resource, resource);
      if (s === 'valid') return tagged(resource, s);
      if (s !== 'unsigned') best = s;
    }
    return tagged(resource, best);
  }
  return resource;
}

/** The same on the stored JSON text the read path serves as is; other types are not parsed. */
export async function withSignatureStatusText(q: Queryable, type: string, patientId: string | null, json: string): Promise<string> {
  if (type !== 'Provenance' && type !== 'DocumentReference') return json;
  return JSON.stringify(await withSignatureStatus(q, type, patientId, JSON.parse(json) as ResourceJson));
}
