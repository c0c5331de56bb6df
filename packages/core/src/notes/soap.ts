/**
 * The SOAP note (Subjective, Objective, Assessment, Plan) and its plain-text form, the same format
 * the synthetic generator writes (synthetic/notes.ts): a title line, `Date:` and `Clinician:`
 * header lines, a blank line, then each section as an upper-case heading followed by its lines,
 * sections separated by a blank line. Parsing is by the four headings in order, so a section whose
 * text contains a line that is exactly a later heading cannot round-trip; `soapToText` refuses it.
 */
import { LanternError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';

export const SOAP_SECTIONS = ['subjective', 'objective', 'assessment', 'plan'] as const;
export type SoapSection = (typeof SOAP_SECTIONS)[number];
export type Soap = Record<SoapSection, string>;

export const SOAP_HEADINGS: Readonly<Record<SoapSection, string>> = {
  subjective: 'SUBJECTIVE', objective: 'OBJECTIVE', assessment: 'ASSESSMENT', plan: 'PLAN',
};
export const SOAP_LABELS: Readonly<Record<SoapSection, string>> = {
  subjective: 'Subjective', objective: 'Objective', assessment: 'Assessment', plan: 'Plan',
};

export const emptySoap = (): Soap => ({ subjective: '', objective: '', assessment: '', plan: '' });

export interface NoteHeader {
  title: string;
  /** As written on the `Date:` line (free text; the resource's `date` is the machine value). */
  date: string;
  clinician: string;
}

export interface ParsedNoteText {
  header: NoteHeader;
  soap: Soap;
  /** A trailing "Electronically signed by ..." line from imported notes, or null. */
  signatureLine: string | null;
}

const HEADING_SET = new Set(Object.values(SOAP_HEADINGS));
const SIGNED_PREFIX = 'Electronically signed by ';
const normaliseNewlines = (s: string): string => s.replace(/\r\n?/g, '\n');

/** The note's text. Section text is trimmed of surrounding blank lines. */
export function soapToText(header: NoteHeader, soap: Soap): Result<string, LanternError> {
  const issues = SOAP_SECTIONS.flatMap((s) => normaliseNewlines(soap[s]).split('\n').some((l) => HEADING_SET.has(l.trim()))
    ? [{ path: `soap.${s}`, message: 'a line may not be a section heading on its own' }] : []);
  if (/\n/.test(header.title) || header.title.trim() === '') issues.push({ path: 'header.title', message: 'must be one non-empty line' });
  if (issues.length > 0) return err(new LanternError('BAD_INPUT', 'The note cannot be written as SOAP text', { issues }));
  const lines = [header.title.trim(), `Date: ${header.date}`, `Clinician: ${header.clinician}`, ''];
  for (const s of SOAP_SECTIONS) {
    const body = normaliseNewlines(soap[s]).replace(/^\s*\n/, '').trimEnd();
    lines.push(SOAP_HEADINGS[s], ...(body === '' ? [] : body.split('\n')), '');
  }
  return ok(lines.join('\n').trimEnd());
}

/** Parses note text in the generator's format; text without headings becomes Subjective only. */
export function parseNoteText(text: string): ParsedNoteText {
  const lines = normaliseNewlines(text).split('\n');
  const header: NoteHeader = { title: (lines[0] ?? '').trim(), date: '', clinician: '' };
  const soap = emptySoap();
  const buckets: Record<SoapSection, string[]> = { subjective: [], objective: [], assessment: [], plan: [] };
  let current: SoapSection | null = null;
  let next = 0;
  let signatureLine: string | null = null;
  const preamble: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const wanted = SOAP_SECTIONS[next];
    if (wanted !== undefined && line.trim() === SOAP_HEADINGS[wanted]) {
      current = wanted;
      next += 1;
      continue;
    }
    if (current === null) {
      if (line.startsWith('Date: ')) header.date = line.slice(6);
      else if (line.startsWith('Clinician: ')) header.clinician = line.slice(11);
      else preamble.push(line);
      continue;
    }
    buckets[current].push(line);
  }
  // A trailing signature line belongs to no section.
  if (current !== null) {
    const b = buckets[current];
    while (b.length > 0 && (b[b.length - 1] ?? '').trim() === '') b.pop();
    const last = b[b.length - 1];
    if (last !== undefined && last.startsWith(SIGNED_PREFIX)) {
      signatureLine = last;
      b.pop();
    }
  } else {
    buckets.subjective.push(...preamble);
  }
  for (const s of SOAP_SECTIONS) soap[s] = buckets[s].join('\n').trim();
  return { header, soap, signatureLine };
}
