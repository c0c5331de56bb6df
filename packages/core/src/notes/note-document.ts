/**
 * A SOAP note as a FHIR R4 DocumentReference (http://hl7.org/fhir/R4/documentreference.html), as the
 * synthetic generator writes them: LOINC 11506-3 "Progress note", US Core category clinical-note,
 * the text/plain UTF-8 body base64-encoded in content[0].attachment.data.
 *
 * docStatus carries the signing state: `preliminary` while a draft, `final` once signed, `amended`
 * on an amended version (itself a new, signed resource; see versions.ts). `status` stays `current`.
 */
import type { DocumentReference, Practitioner, Reference } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import { LanternError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { base64FromBytes, decodeBase64Utf8, utf8Bytes } from '../fhir/base64.ts';
import { parseNoteText, soapToText, type ParsedNoteText, type Soap } from './soap.ts';

export const PROGRESS_NOTE_CODE = { system: SYSTEM.loinc, code: '11506-3', display: 'Progress note' } as const;
export const CLINICAL_NOTE_CATEGORY = {
  system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', code: 'clinical-note', display: 'Clinical Note',
} as const;

export interface NoteAuthor {
  /** `Practitioner/<id>`. */
  reference: string;
  display: string;
}

export interface NewNoteInput {
  id: string;
  patientId: string;
  author: NoteAuthor;
  title: string;
  soap: Soap;
  /** FHIR instant: when the note was written (the resource's `date`). */
  date: string;
  encounterId?: string;
}

/** `2025-06-01T12:00:00Z` -> `2025-06-01 12:00:00 UTC`, the generator's Date line. */
const dateLine = (instant: string): string => instant.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');

const authorRef = (a: NoteAuthor): Reference<Practitioner> => ({ reference: a.reference, display: a.display });

/** A new draft note (docStatus preliminary). */
export function buildNoteDocument(input: NewNoteInput): Result<DocumentReference, LanternError> {
  const text = soapToText({ title: input.title, date: dateLine(input.date), clinician: input.author.display }, input.soap);
  if (!text.ok) return text;
  const bytes = utf8Bytes(text.value);
  const doc: DocumentReference = {
    resourceType: 'DocumentReference',
    id: input.id,
    status: 'current',
    docStatus: 'preliminary',
    type: { coding: [{ ...PROGRESS_NOTE_CODE }], text: PROGRESS_NOTE_CODE.display },
    category: [{ coding: [{ ...CLINICAL_NOTE_CATEGORY }] }],
    subject: { reference: `Patient/${input.patientId}` },
    date: input.date,
    author: [authorRef(input.author)],
    description: input.title.trim(),
    content: [{ attachment: { contentType: 'text/plain', language: 'en-US', data: base64FromBytes(bytes), size: bytes.length, title: input.title.trim(), creation: input.date } }],
  };
  if (input.encounterId !== undefined) doc.context = { encounter: [{ reference: `Encounter/${input.encounterId}` }] };
  return ok(doc);
}

/** The note's text, decoded; BAD_INPUT when it has no text/plain body. */
export function noteText(doc: DocumentReference): Result<string, LanternError> {
  const att = doc.content[0]?.attachment;
  if (att?.data === undefined || (att.contentType !== undefined && !att.contentType.startsWith('text/plain'))) {
    return err(new LanternError('BAD_INPUT', 'The note has no plain-text body', { issues: [{ path: 'content[0].attachment', message: 'expected text/plain data' }] }));
  }
  try {
    return ok(decodeBase64Utf8(att.data));
  } catch {
    return err(new LanternError('BAD_INPUT', 'The note body is not valid base64', { issues: [{ path: 'content[0].attachment.data', message: 'invalid base64' }] }));
  }
}

/** Reads a note back into its SOAP sections. */
export function readNote(doc: DocumentReference): Result<ParsedNoteText, LanternError> {
  const text = noteText(doc);
  return text.ok ? ok(parseNoteText(text.value)) : text;
}

export const isNoteSigned = (doc: DocumentReference): boolean => doc.docStatus === 'final' || doc.docStatus === 'amended';
