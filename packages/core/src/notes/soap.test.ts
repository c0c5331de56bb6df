import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generatePatient } from '../synthetic/index.ts';
import { decodeBase64Utf8 } from '../fhir/base64.ts';
import type { DocumentReference } from '../fhir/types.ts';
import { parseNoteText, soapToText, SOAP_SECTIONS, type Soap } from './soap.ts';
import { buildNoteDocument, readNote } from './note-document.ts';
import { noteInput } from './test-support.ts';

describe('SOAP text', () => {
  it('reads the synthetic generator\'s notes into four sections and a signature line', () => {
    const rec = generatePatient({ seed: 7, index: 3 });
    const notes = rec.resources.filter((r): r is DocumentReference => r.resourceType === 'DocumentReference');
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes.slice(0, 20)) {
      const parsed = parseNoteText(decodeBase64Utf8(n.content[0]?.attachment.data ?? ''));
      expect(parsed.header.title).toBe(n.description);
      expect(parsed.header.clinician).not.toBe('');
      expect(parsed.soap.objective).toMatch(/^Vitals/);
      expect(parsed.soap.assessment).toMatch(/^1\. /);
      expect(parsed.soap.plan).toMatch(/^- /);
      expect(parsed.signatureLine).toMatch(/^Electronically signed by /);
    }
  });

  it('round-trips any section text that has no bare heading line', () => {
    const line = fc.string({ maxLength: 40 }).filter((s) => !/[\r\n]/.test(s) && !['SUBJECTIVE', 'OBJECTIVE', 'ASSESSMENT', 'PLAN'].includes(s.trim()));
    const section = fc.array(line, { maxLength: 5 }).map((ls) => ls.join('\n').trim());
    fc.assert(fc.property(section, section, section, section, (subjective, objective, assessment, plan) => {
      const soap: Soap = { subjective, objective, assessment, plan };
      const text = soapToText({ title: 'T', date: 'd', clinician: 'c' }, soap);
      if (!text.ok) return false;
      const back = parseNoteText(text.value).soap;
      // Blank lines inside a section survive; leading/trailing whitespace does not matter to a reader.
      return SOAP_SECTIONS.every((s) => back[s] === soap[s].replace(/^\s*\n/, '').trim());
    }), { numRuns: 200 });
  });

  it('refuses a section containing a bare heading line, naming the section', () => {
    const r = soapToText({ title: 'T', date: 'd', clinician: 'c' }, { subjective: 'ok\nPLAN\nmore', objective: '', assessment: '', plan: '' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues[0]?.path).toBe('soap.subjective');
  });

  it('a note built from SOAP reads back the same sections, as a LOINC 11506-3 text/plain DocumentReference', () => {
    const input = noteInput({ soap: { ...noteInput().soap, subjective: 'Douleur thoracique — résolue. 痛み' } });
    const doc = buildNoteDocument(input);
    expect(doc.ok).toBe(true);
    if (!doc.ok) return;
    expect(doc.value.type?.coding?.[0]?.code).toBe('11506-3');
    expect(doc.value.content[0]?.attachment.contentType).toBe('text/plain');
    expect(doc.value.docStatus).toBe('preliminary');
    const read = readNote(doc.value);
    expect(read.ok && read.value.soap).toEqual(input.soap);
  });
});
