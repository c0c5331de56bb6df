/**
 * The criteria language of Lantern's R4 subscriptions (http://hl7.org/fhir/R4/subscription.html
 * #criteria): a FHIR search URL `Type?param=value&...`, restricted to a small documented set so
 * the dispatcher can match a changed resource in memory, without a search per change.
 *
 *   patient=Patient/<id> | <id>     the resource belongs to that patient
 *   patient.care-team=<user id>     the patient is on that user's care team (Lantern's care_team)
 *   performer=<Type/id>             ServiceRequest.performer (e.g. the lab: Organization/lab)
 *   status=<code>[,<code>]          the resource's status is one of them
 *   code=[system|]code              one of the resource's main codings
 *
 * Types: the clinical resources a system is notified about. Anything else is refused with the
 * parameter named, so a subscriber never believes a filter applies that silently does not.
 */
import { assertNever } from '@lantern/core';
import { z } from 'zod';

export const SUBSCRIBABLE_TYPES = ['DiagnosticReport', 'Observation', 'ServiceRequest', 'MedicationRequest', 'Encounter', 'Condition', 'AllergyIntolerance', 'DocumentReference', 'Patient'] as const;
export type SubscribableType = (typeof SUBSCRIBABLE_TYPES)[number];

export type Filter =
  | { kind: 'patient'; patientId: string }
  | { kind: 'care-team'; userId: string }
  | { kind: 'performer'; reference: string }
  | { kind: 'status'; values: readonly string[] }
  | { kind: 'code'; system: string | null; code: string };

export interface Criteria {
  resourceType: SubscribableType;
  filters: readonly Filter[];
}

export type CriteriaResult = { ok: true; value: Criteria } | { ok: false; error: string };

const uuid = z.string().uuid();
const REF = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;

function parseFilter(key: string, value: string): Filter | string {
  switch (key) {
    case 'patient': {
      const id = value.startsWith('Patient/') ? value.slice('Patient/'.length) : value;
      return uuid.safeParse(id).success ? { kind: 'patient', patientId: id } : 'patient: expected Patient/<id>';
    }
    case 'patient.care-team': {
      const id = value.startsWith('Practitioner/') ? value.slice('Practitioner/'.length) : value;
      return uuid.safeParse(id).success ? { kind: 'care-team', userId: id } : 'patient.care-team: expected a user id';
    }
    case 'performer':
      return REF.test(value) ? { kind: 'performer', reference: value } : 'performer: expected Type/id';
    case 'status': {
      const values = value.split(',').filter((v) => /^[a-z-]{1,32}$/.test(v));
      return values.length > 0 && values.length === value.split(',').length ? { kind: 'status', values } : 'status: expected status codes';
    }
    case 'code': {
      const [a, b] = value.split('|');
      if (a === undefined || a === '') return 'code: expected [system|]code';
      return b === undefined ? { kind: 'code', system: null, code: a } : b === '' ? 'code: expected [system|]code' : { kind: 'code', system: a, code: b };
    }
    default:
      return `${key.slice(0, 40)}: not a supported criteria parameter (patient, patient.care-team, performer, status, code)`;
  }
}

export function parseCriteria(text: string): CriteriaResult {
  if (text.length > 1000) return { ok: false, error: 'criteria: too long' };
  const q = text.indexOf('?');
  const type = q < 0 ? text : text.slice(0, q);
  if (!(SUBSCRIBABLE_TYPES as readonly string[]).includes(type)) return { ok: false, error: `criteria: ${type.slice(0, 40)} is not a type Lantern notifies about` };
  const filters: Filter[] = [];
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(text.slice(q + 1))) {
      const f = parseFilter(k, v);
      if (typeof f === 'string') return { ok: false, error: `criteria: ${f}` };
      filters.push(f);
    }
  }
  return { ok: true, value: { resourceType: type as SubscribableType, filters } };
}

/** What the matcher needs besides the resource: its patient and care-team lookups loaded up front. */
export interface MatchContext {
  patientId: string;
  /** Whether the patient is on this user's care team. */
  onCareTeam(userId: string, patientId: string): boolean;
}

type Json = Record<string, unknown>;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});

function codings(resource: Json): Json[] {
  return arr(obj(resource['code'])['coding']).map(obj);
}

function matchFilter(f: Filter, resource: Json, ctx: MatchContext): boolean {
  switch (f.kind) {
    case 'patient':
      return ctx.patientId === f.patientId;
    case 'care-team':
      return ctx.onCareTeam(f.userId, ctx.patientId);
    case 'performer':
      return arr(resource['performer']).some((p) => obj(p)['reference'] === f.reference);
    case 'status':
      return typeof resource['status'] === 'string' && f.values.includes(resource['status']);
    case 'code':
      return codings(resource).some((c) => c['code'] === f.code && (f.system === null || c['system'] === f.system));
    default:
      return assertNever(f, 'criteria filter');
  }
}

/** Every filter holds (FHIR search parameters are ANDed). */
export function matchesCriteria(c: Criteria, resourceType: string, resource: Json, ctx: MatchContext): boolean {
  return resourceType === c.resourceType && c.filters.every((f) => matchFilter(f, resource, ctx));
}
