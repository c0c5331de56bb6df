/**
 * The content hash a note's signature covers: SHA-256 over the RFC 8785 canonical JSON of the whole
 * DocumentReference except `meta` (server-owned: version and time change on sync without changing
 * what the clinician signed). Everything else is covered, so any edit to the text, the author, the
 * date, the status or the links to other notes after signing makes the signature fail.
 */
import type { DocumentReference } from '../fhir/types.ts';
import { canonicalJson } from '../audit/canonical-json.ts';
import type { Sha256Hex } from '../audit/hash-chain.ts';

export function canonicalNoteContent(doc: DocumentReference): string {
  const { meta: _meta, ...rest } = doc;
  return canonicalJson(rest);
}

/** `sha256:<hex>` of the canonical content. */
export function noteContentHash(doc: DocumentReference, sha256: Sha256Hex): string {
  return `sha256:${sha256(canonicalNoteContent(doc))}`;
}
