/**
 * What a clinician sees for each side of a conflict: rows with a label and a display value
 * ("20 mg", "oral", "twice daily"), one per clinically meaningful field of the resource type, and
 * a generic row for any other top-level field. Each row lists the path prefixes it covers, so the
 * merge's conflict paths (sync/diff.ts, e.g. `dosageInstruction[id=d1].doseAndRate`) mark the rows
 * they touch.
 */
import type { ResourceJson } from '../sync/protocol.ts';

export interface FieldSpec {
  id: string;
  label: string;
  /** Top-level element the row's value lives in (what a per-field merge copies). */
  field: string;
  /** Path prefixes (selectors stripped) this row covers. */
  covers: readonly string[];
  show(r: ResourceJson): string;
}

type J = Record<string, unknown>;
const obj = (v: unknown): J | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as J) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const NONE = '—';

export function conceptText(v: unknown): string {
  const c = obj(v);
  if (c === undefined) return NONE;
  const coding = arr(c['coding']).map(obj);
  return str(c['text']) ?? coding.map((x) => str(x?.['display'])).find((x) => x !== undefined) ?? coding.map((x) => str(x?.['code'])).find((x) => x !== undefined) ?? NONE;
}
const code = (v: unknown): string => str(arr(obj(v)?.['coding']).map(obj)[0]?.['code']) ?? conceptText(v);
const quantity = (v: unknown): string => {
  const q = obj(v);
  const value = str(q?.['value']);
  return value === undefined ? NONE : `${value} ${str(q?.['unit']) ?? str(q?.['code']) ?? ''}`.trim();
};
const dosage = (r: ResourceJson): J | undefined => obj(arr(r['dosageInstruction'])[0]);

function frequency(d: J | undefined): string {
  const timing = obj(d?.['timing']);
  if (timing === undefined) return NONE;
  const t = conceptText(timing['code']);
  if (t !== NONE) return t;
  const rep = obj(timing['repeat']);
  const f = str(rep?.['frequency']);
  const p = str(rep?.['period']);
  return f === undefined ? NONE : `${f} × every ${p ?? '1'} ${str(rep?.['periodUnit']) ?? 'd'}`;
}

function noteBody(r: ResourceJson): string {
  const att = obj(obj(arr(r['content'])[0])?.['attachment']);
  const size = str(att?.['size']);
  return att === undefined ? NONE : `${str(att['title']) ?? 'text'}${size === undefined ? '' : ` (${size} bytes)`}`;
}

const spec = (id: string, label: string, field: string, covers: readonly string[], show: (r: ResourceJson) => string): FieldSpec => ({ id, label, field, covers, show });
const simple = (field: string, label: string, show: (v: unknown) => string = (v) => str(v) ?? NONE): FieldSpec => spec(field, label, field, [field], (r) => show(r[field]));

const SPECS: Readonly<Record<string, readonly FieldSpec[]>> = {
  MedicationRequest: [
    spec('medication', 'Medication', 'medicationCodeableConcept', ['medicationCodeableConcept', 'medicationReference'], (r) => r['medicationCodeableConcept'] === undefined ? str(obj(r['medicationReference'])?.['display']) ?? NONE : conceptText(r['medicationCodeableConcept'])),
    spec('dose', 'Dose', 'dosageInstruction', ['dosageInstruction.doseAndRate'], (r) => { const dr = obj(arr(dosage(r)?.['doseAndRate'])[0]); return quantity(dr?.['doseQuantity'] ?? obj(dr?.['doseRange'])?.['high']); }),
    spec('route', 'Route', 'dosageInstruction', ['dosageInstruction.route'], (r) => conceptText(dosage(r)?.['route'])),
    spec('frequency', 'Frequency', 'dosageInstruction', ['dosageInstruction.timing.code', 'dosageInstruction.timing.repeat.frequency', 'dosageInstruction.timing.repeat.period', 'dosageInstruction.timing.repeat.when'], (r) => frequency(dosage(r))),
    spec('duration', 'Duration', 'dosageInstruction', ['dosageInstruction.timing.repeat.boundsDuration'], (r) => quantity(obj(obj(obj(dosage(r)?.['timing'])?.['repeat']))?.['boundsDuration'])),
    spec('instructions', 'Instructions', 'dosageInstruction', ['dosageInstruction.text', 'dosageInstruction.asNeeded', 'dosageInstruction.patientInstruction'], (r) => str(dosage(r)?.['text']) ?? NONE),
    simple('status', 'Status'),
    spec('statusReason', 'Status reason', 'statusReason', ['statusReason'], (r) => conceptText(r['statusReason'])),
    simple('intent', 'Intent'),
    spec('dispense', 'Dispense', 'dispenseRequest', ['dispenseRequest'], (r) => quantity(obj(r['dispenseRequest'])?.['quantity'])),
  ],
  AllergyIntolerance: [
    spec('code', 'Substance', 'code', ['code'], (r) => conceptText(r['code'])),
    simple('criticality', 'Criticality'),
    spec('clinicalStatus', 'Clinical status', 'clinicalStatus', ['clinicalStatus'], (r) => code(r['clinicalStatus'])),
    spec('verificationStatus', 'Verification', 'verificationStatus', ['verificationStatus'], (r) => code(r['verificationStatus'])),
    spec('reaction', 'Reaction', 'reaction', ['reaction'], (r) => arr(r['reaction']).map((x) => arr(obj(x)?.['manifestation']).map(conceptText).join(', ')).join('; ') || NONE),
  ],
  Condition: [
    spec('code', 'Problem', 'code', ['code'], (r) => conceptText(r['code'])),
    spec('clinicalStatus', 'Clinical status', 'clinicalStatus', ['clinicalStatus'], (r) => code(r['clinicalStatus'])),
    spec('verificationStatus', 'Verification', 'verificationStatus', ['verificationStatus'], (r) => code(r['verificationStatus'])),
    simple('onsetDateTime', 'Onset'),
    simple('abatementDateTime', 'Resolved'),
  ],
  Observation: [
    spec('code', 'Test', 'code', ['code'], (r) => conceptText(r['code'])),
    spec('value', 'Value', 'valueQuantity', ['valueQuantity', 'valueString', 'valueCodeableConcept'], (r) => r['valueQuantity'] !== undefined ? quantity(r['valueQuantity']) : str(r['valueString']) ?? conceptText(r['valueCodeableConcept'])),
    simple('status', 'Status'),
    simple('effectiveDateTime', 'Taken'),
  ],
  ServiceRequest: [
    spec('code', 'Test', 'code', ['code'], (r) => conceptText(r['code'])),
    simple('status', 'Status'),
    simple('priority', 'Priority'),
    simple('intent', 'Intent'),
  ],
  DocumentReference: [
    simple('description', 'Title'),
    simple('docStatus', 'Signature status'),
    simple('status', 'Status'),
    spec('content', 'Text', 'content', ['content'], noteBody),
    spec('relatesTo', 'Related note', 'relatesTo', ['relatesTo'], (r) => arr(r['relatesTo']).map((x) => `${str(obj(x)?.['code']) ?? ''} ${str(obj(obj(x)?.['target'])?.['reference']) ?? ''}`.trim()).join('; ') || NONE),
  ],
};

const humanise = (key: string): string => key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

/** A generic row for a top-level field with no spec. */
export function genericSpec(field: string): FieldSpec {
  return spec(`field:${field}`, humanise(field), field, [field], (r) => {
    const v = r[field];
    if (v === undefined) return NONE;
    const s = str(v);
    if (s !== undefined) return s;
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    const c = conceptText(v);
    if (c !== NONE) return c;
    const json = JSON.stringify(v);
    return json.length > 120 ? `${json.slice(0, 119)}…` : json;
  });
}

export const fieldSpecsFor = (resourceType: string): readonly FieldSpec[] => SPECS[resourceType] ?? [];

/** `dosageInstruction[id=d1].doseAndRate` -> `dosageInstruction.doseAndRate`. */
export const stripSelectors = (path: string): string => path.replace(/\[[^\]]*\]/g, '');

/** Does conflict path `path` touch a row covering `prefixes`? (either is a prefix of the other) */
export function touches(path: string, prefixes: readonly string[]): boolean {
  const p = stripSelectors(path);
  // `medication[x]`-style names reach here as real element names (medicationCodeableConcept).
  return prefixes.some((c) => p === c || p.startsWith(`${c}.`) || c.startsWith(`${p}.`) || (p.endsWith('[x]') && c.startsWith(p.slice(0, -3))));
}
