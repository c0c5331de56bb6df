/**
 * E-signature of a note: the author's per-user key signs the note's content hash
 * (content-hash.ts); the signature travels as a FHIR R4 Provenance
 * (http://hl7.org/fhir/R4/provenance.html) whose `signature` is an author's signature
 * (type 1.2.840.10065.1.12.1.1, ASTM E1762) targeting the signed DocumentReference.
 *
 * `signature.data` is a JWS in compact serialisation with a detached payload (RFC 7515 section 7.1
 * and appendix F; `sigFormat` application/jose, as FHIR's Signature datatype suggests): the
 * protected header names the algorithm (EdDSA = Ed25519, RFC 8037) and the key id; the payload,
 * left out of `data`, is the content hash, recomputed from the note by whoever verifies.
 *
 * Every signed version is its own resource id (an amendment is a new DocumentReference, see
 * versions.ts), so the target reference names exactly the version signed, before and after sync.
 * Keys are the caller's: core sees only the injected Signer/Verifier and public keys.
 */
import type { DocumentReference, Practitioner, Provenance, Reference } from '../fhir/types.ts';
import { LanternError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import type { Sha256Hex } from '../audit/hash-chain.ts';
import { base64FromBytes, bytesFromBase64, textFromUtf8, utf8Bytes } from '../fhir/base64.ts';
import { noteContentHash } from './content-hash.ts';
import { isNoteSigned, type NoteAuthor } from './note-document.ts';

export const AUTHOR_SIGNATURE_TYPE = { system: 'urn:iso-astm:E1762-95:2013', code: '1.2.840.10065.1.12.1.1', display: "Author's Signature" } as const;
export const NOTE_SIG_FORMAT = 'application/jose';
export const NOTE_TARGET_FORMAT = 'application/fhir+json';

export type SignatureAlgorithm = 'Ed25519';
/** JWS `alg` per algorithm (RFC 8037 section 3.1). */
const JWS_ALG: Record<SignatureAlgorithm, string> = { Ed25519: 'EdDSA' };

/** A user's public signing key as the server and other workstations hold it. */
export interface PublicSigningKey {
  keyId: string;
  userId: string;
  algorithm: SignatureAlgorithm;
  /** DER SubjectPublicKeyInfo, base64. */
  spki: string;
}

/** Signs with the current user's private key, which never leaves the host. */
export interface Signer {
  readonly keyId: string;
  readonly algorithm: SignatureAlgorithm;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export interface Verifier {
  verify(key: PublicSigningKey, data: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

export type NoteSignatureStatus = 'valid' | 'tampered' | 'unsigned';

const b64url = (bytes: Uint8Array): string => base64FromBytes(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromB64url = (s: string): Uint8Array => bytesFromBase64(s.replace(/-/g, '+').replace(/_/g, '/'));

export const noteReference = (doc: DocumentReference): string => `DocumentReference/${doc.id ?? ''}`;

export interface SignNoteInput {
  signer: Signer;
  sha256: Sha256Hex;
  /** The signing clinician; must be one of the note's authors. */
  author: NoteAuthor;
  /** FHIR instant: the injected clock. */
  now: string;
  provenanceId: string;
}

export interface SignedNote {
  note: DocumentReference;
  provenance: Provenance;
}

/**
 * Signs a draft: docStatus becomes `final` (`amended` for an amended version), the signer becomes
 * the authenticator, and the Provenance carries the signature. A signed note is refused (CONFLICT).
 */
export async function signNote(draft: DocumentReference, input: SignNoteInput): Promise<Result<SignedNote, LanternError>> {
  if (isNoteSigned(draft)) return err(new LanternError('CONFLICT', 'The note is already signed', { issues: [{ path: 'docStatus', message: 'already signed' }] }));
  if (draft.id === undefined) return err(new LanternError('BAD_INPUT', 'The note has no id', { issues: [{ path: 'id', message: 'required' }] }));
  if (!(draft.author ?? []).some((a) => a.reference === input.author.reference)) {
    return err(new LanternError('FORBIDDEN', 'Only an author of the note may sign it', { issues: [{ path: 'author', message: 'the signer is not an author' }] }));
  }
  const who: Reference<Practitioner> = { reference: input.author.reference, display: input.author.display };
  const amends = (draft.relatesTo ?? []).some((r) => r.code === 'replaces');
  const note: DocumentReference = { ...draft, docStatus: amends ? 'amended' : 'final', authenticator: who };
  const header = b64url(utf8Bytes(JSON.stringify({ alg: JWS_ALG[input.signer.algorithm], kid: input.signer.keyId })));
  const payload = b64url(utf8Bytes(noteContentHash(note, input.sha256)));
  const signature = await input.signer.sign(utf8Bytes(`${header}.${payload}`));
  const jws = `${header}..${b64url(signature)}`;
  const provenance: Provenance = {
    resourceType: 'Provenance',
    id: input.provenanceId,
    target: [{ reference: noteReference(note) }],
    recorded: input.now,
    agent: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author', display: 'Author' }] }, who }],
    signature: [{
      type: [{ ...AUTHOR_SIGNATURE_TYPE }],
      when: input.now,
      who,
      targetFormat: NOTE_TARGET_FORMAT,
      sigFormat: NOTE_SIG_FORMAT,
      data: base64FromBytes(utf8Bytes(jws)),
    }],
  };
  return ok({ note, provenance });
}

function authorSignatureOf(provenance: Provenance, doc: DocumentReference): string | null {
  if (!provenance.target.some((t) => t.reference === noteReference(doc) || t.reference?.startsWith(`${noteReference(doc)}/_history/`) === true)) return null;
  const sig = (provenance.signature ?? []).find((s) => s.type.some((t) => t.code === AUTHOR_SIGNATURE_TYPE.code));
  return sig?.data ?? null;
}

/**
 * Checks a note against its signature. `unsigned`: no author signature for this note;
 * `tampered`: a signature exists but the note (or the signature) is not what was signed, or another
 * key made it; `valid`: `publicKey` signed exactly this content.
 */
export async function verifyNoteSignature(
  note: DocumentReference, provenance: Provenance | null, publicKey: PublicSigningKey, deps: { sha256: Sha256Hex; verifier: Verifier },
): Promise<NoteSignatureStatus> {
  if (provenance === null) return 'unsigned';
  const data = authorSignatureOf(provenance, note);
  if (data === null) return 'unsigned';
  if (!isNoteSigned(note)) return 'tampered';
  let header: unknown;
  let parts: string[];
  try {
    parts = textFromUtf8(bytesFromBase64(data)).split('.');
    header = JSON.parse(textFromUtf8(fromB64url(parts[0] ?? '')));
  } catch {
    return 'tampered';
  }
  if (parts.length !== 3 || parts[1] !== '' || typeof header !== 'object' || header === null) return 'tampered';
  const h = header as Record<string, unknown>;
  if (h['kid'] !== publicKey.keyId || h['alg'] !== JWS_ALG[publicKey.algorithm]) return 'tampered';
  const payload = b64url(utf8Bytes(noteContentHash(note, deps.sha256)));
  let signature: Uint8Array;
  try {
    signature = fromB64url(parts[2] ?? '');
  } catch {
    return 'tampered';
  }
  const good = await deps.verifier.verify(publicKey, utf8Bytes(`${parts[0] ?? ''}.${payload}`), signature);
  return good ? 'valid' : 'tampered';
}
