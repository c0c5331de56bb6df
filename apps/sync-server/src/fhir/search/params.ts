/**
 * The search parameters Lantern supports, per resource type (http://hl7.org/fhir/R4/searchparameter-registry.html
 * names, types and paths). The SQL builder, the `_include`/`_revinclude` resolver and the
 * CapabilityStatement all read this one table.
 */
export type TokenTarget =
  /** The extracted `codes` column ('system|code' of the resource's main concept). */
  | { kind: 'codes' }
  /** The extracted `status` column (status, docStatus, or clinicalStatus's code). */
  | { kind: 'status' }
  | { kind: 'id' }
  /** A CodeableConcept (or array of them) at `path`. */
  | { kind: 'concept'; path: string }
  /** A Coding (or array) at `path`. */
  | { kind: 'coding'; path: string }
  /** An Identifier (or array) at `path`. */
  | { kind: 'identifier'; path: string }
  /** A code (or array of codes) at `path`. */
  | { kind: 'code'; path: string };

/** A date element: point elements (date, dateTime, instant) and Period elements. */
export interface DateTarget {
  points: readonly string[];
  periods: readonly string[];
}

export type SearchParamDef =
  | { name: string; type: 'token'; target: TokenTarget; doc: string }
  | { name: string; type: 'date'; target: DateTarget | 'lastUpdated'; doc: string }
  | { name: string; type: 'string'; part: 'name' | 'family' | 'given'; doc: string }
  /** `patient`: the record's patient (the partition column). `json`: a Reference at a path (lax: arrays unwrap). */
  | { name: string; type: 'reference'; target: { kind: 'patient' } | { kind: 'json'; path: readonly string[] }; targets: readonly string[]; doc: string };

const COMMON: readonly SearchParamDef[] = [
  { name: '_id', type: 'token', target: { kind: 'id' }, doc: 'Logical id of the resource' },
  { name: '_lastUpdated', type: 'date', target: 'lastUpdated', doc: 'When the resource last changed on the server' },
];

const patient = (doc = 'The patient whose record this is'): SearchParamDef => ({ name: 'patient', type: 'reference', target: { kind: 'patient' }, targets: ['Patient'], doc });
const subject: SearchParamDef = { name: 'subject', type: 'reference', target: { kind: 'patient' }, targets: ['Patient'], doc: 'The subject (Lantern stores Patient subjects only)' };
const identifier: SearchParamDef = { name: 'identifier', type: 'token', target: { kind: 'identifier', path: 'identifier' }, doc: 'An identifier (system|value)' };
const code = (doc = 'The main code (system|code)'): SearchParamDef => ({ name: 'code', type: 'token', target: { kind: 'codes' }, doc });
const status: SearchParamDef = { name: 'status', type: 'token', target: { kind: 'status' }, doc: 'Status' };
const category: SearchParamDef = { name: 'category', type: 'token', target: { kind: 'concept', path: 'category' }, doc: 'Category (system|code)' };
const encounter: SearchParamDef = { name: 'encounter', type: 'reference', target: { kind: 'json', path: ['encounter', 'reference'] }, targets: ['Encounter'], doc: 'The encounter' };
const effective: DateTarget = { points: ['effectiveDateTime', 'effectiveInstant'], periods: ['effectivePeriod'] };
const names = (): SearchParamDef[] => [
  { name: 'name', type: 'string', part: 'name', doc: 'Any part of a name (starts-with, case-insensitive)' },
  { name: 'family', type: 'string', part: 'family', doc: 'Family name' },
  { name: 'given', type: 'string', part: 'given', doc: 'Given name' },
];
const gender: SearchParamDef = { name: 'gender', type: 'token', target: { kind: 'code', path: 'gender' }, doc: 'Administrative gender' };
const ref = (name: string, path: string[], targets: string[], doc: string): SearchParamDef => ({ name, type: 'reference', target: { kind: 'json', path }, targets, doc });

export const SEARCH_PARAMS: Readonly<Record<string, readonly SearchParamDef[]>> = {
  Patient: [
    ...COMMON, identifier, ...names(), gender,
    { name: 'birthdate', type: 'date', target: { points: ['birthDate'], periods: [] }, doc: 'Date of birth' },
    ref('general-practitioner', ['generalPractitioner', 'reference'], ['Practitioner'], 'Nominated primary care provider'),
  ],
  Practitioner: [...COMMON, identifier, ...names(), gender],
  Encounter: [
    ...COMMON, patient(), subject, identifier, status,
    { name: 'type', type: 'token', target: { kind: 'codes' }, doc: 'Specific type of encounter (system|code)' },
    { name: 'class', type: 'token', target: { kind: 'coding', path: 'class' }, doc: 'Classification of the encounter' },
    { name: 'date', type: 'date', target: { points: [], periods: ['period'] }, doc: 'When the encounter took place' },
    ref('practitioner', ['participant', 'individual', 'reference'], ['Practitioner'], 'A practitioner taking part'),
  ],
  Condition: [
    ...COMMON, patient(), subject, identifier, code(), category, encounter,
    { name: 'clinical-status', type: 'token', target: { kind: 'status' }, doc: 'The clinical status (active, resolved, ...)' },
    { name: 'onset-date', type: 'date', target: { points: ['onsetDateTime'], periods: ['onsetPeriod'] }, doc: 'Onset' },
    { name: 'recorded-date', type: 'date', target: { points: ['recordedDate'], periods: [] }, doc: 'When recorded' },
  ],
  AllergyIntolerance: [
    ...COMMON, patient(), identifier, code(),
    { name: 'clinical-status', type: 'token', target: { kind: 'status' }, doc: 'The clinical status' },
    { name: 'category', type: 'token', target: { kind: 'code', path: 'category' }, doc: 'food | medication | environment | biologic' },
    { name: 'criticality', type: 'token', target: { kind: 'code', path: 'criticality' }, doc: 'low | high | unable-to-assess' },
    { name: 'date', type: 'date', target: { points: ['recordedDate'], periods: [] }, doc: 'When recorded' },
  ],
  MedicationRequest: [
    ...COMMON, patient(), subject, identifier, code('The medication code (system|code)'), status, category, encounter,
    { name: 'intent', type: 'token', target: { kind: 'code', path: 'intent' }, doc: 'proposal | plan | order | ...' },
    { name: 'authoredon', type: 'date', target: { points: ['authoredOn'], periods: [] }, doc: 'When written' },
    ref('requester', ['requester', 'reference'], ['Practitioner'], 'Who asked for the medication'),
  ],
  MedicationStatement: [
    ...COMMON, patient(), subject, identifier, code('The medication code (system|code)'), status, category,
    { name: 'effective', type: 'date', target: effective, doc: 'When the medication was taken' },
  ],
  Observation: [
    ...COMMON, patient(), subject, identifier, code(), status, category, encounter,
    { name: 'date', type: 'date', target: effective, doc: 'Clinically relevant time' },
    ref('performer', ['performer', 'reference'], ['Practitioner'], 'Who performed the observation'),
  ],
  DiagnosticReport: [
    ...COMMON, patient(), subject, identifier, code(), status, category, encounter,
    { name: 'date', type: 'date', target: effective, doc: 'Clinically relevant time' },
    ref('result', ['result', 'reference'], ['Observation'], 'The observations of the report'),
    ref('performer', ['performer', 'reference'], ['Practitioner'], 'Who is responsible'),
  ],
  ServiceRequest: [
    ...COMMON, patient(), subject, identifier, code(), status, category, encounter,
    { name: 'intent', type: 'token', target: { kind: 'code', path: 'intent' }, doc: 'proposal | plan | order | ...' },
    { name: 'authored', type: 'date', target: { points: ['authoredOn'], periods: [] }, doc: 'When signed' },
    ref('requester', ['requester', 'reference'], ['Practitioner'], 'Who asked for the service'),
  ],
  DocumentReference: [
    ...COMMON, patient(), subject, identifier, status, category,
    { name: 'type', type: 'token', target: { kind: 'codes' }, doc: 'Kind of document (system|code)' },
    { name: 'date', type: 'date', target: { points: ['date'], periods: [] }, doc: 'When the reference was created' },
    ref('author', ['author', 'reference'], ['Practitioner'], 'Who wrote the document'),
  ],
  Composition: [
    ...COMMON, patient(), subject, status, category, encounter,
    identifier,
    { name: 'type', type: 'token', target: { kind: 'codes' }, doc: 'Kind of composition (system|code)' },
    { name: 'date', type: 'date', target: { points: ['date'], periods: [] }, doc: 'Composition editing time' },
    ref('author', ['author', 'reference'], ['Practitioner'], 'Who wrote the composition'),
  ],
  Provenance: [
    ...COMMON, patient('The patient whose record the target belongs to'),
    ref('target', ['target', 'reference'], ['Patient', 'Encounter', 'Condition', 'AllergyIntolerance', 'MedicationRequest', 'MedicationStatement', 'Observation', 'DiagnosticReport', 'ServiceRequest', 'DocumentReference', 'Composition'], 'What the provenance is about'),
    { name: 'recorded', type: 'date', target: { points: ['recorded'], periods: [] }, doc: 'When the activity was recorded' },
    ref('agent', ['agent', 'who', 'reference'], ['Practitioner'], 'Who participated'),
  ],
};

/** Result parameters (http://hl7.org/fhir/R4/search.html#return) the parser understands. */
export const RESULT_PARAMS = ['_count', '_sort', '_include', '_revinclude', '_total', '_summary', '_offset', '_format'] as const;

export function paramDef(type: string, name: string): SearchParamDef | undefined {
  return SEARCH_PARAMS[type]?.find((p) => p.name === name);
}

/** The reference parameters of `type` usable in `_include` (Type:param). */
export function includeParams(type: string): Extract<SearchParamDef, { type: 'reference' }>[] {
  return (SEARCH_PARAMS[type] ?? []).filter((p): p is Extract<SearchParamDef, { type: 'reference' }> => p.type === 'reference');
}
