/**
 * HIPAA Safe Harbor de-identification of one FHIR R4 resource (45 CFR 164.514(b)(2)(i)): the 18
 * identifier kinds of the individual (and relatives, employers, household) are removed or
 * generalised, as follows.
 *
 *  (A) names                          `name`, every Reference.display: dropped
 *  (B) geography below a state        `address` keeps state, country and 3-digit ZIP (restricted-zip3.ts: 000)
 *  (C) dates but the year; ages 90+   every date/dateTime keeps its year; instants (`issued`, `meta`)
 *                                     dropped; a patient 90 or older loses the birth year too and is
 *                                     flagged with the `age-90-or-over` extension
 *  (D-F) phone, fax, email            `telecom` dropped
 *  (G-K) SSN, MRN, plan, account,     every `identifier` dropped (the MRN with them); ids and references
 *        licence numbers              replaced by per-export pseudonyms (pseudonym.ts)
 *  (L-M) vehicle and device ids       `identifier`, `udiCarrier`, `serialNumber`, `lotNumber` dropped
 *  (N-O) URLs, IP addresses           `url`, attachments, absolute references dropped
 *  (P-Q) biometrics, photos           `photo`, `signature`, attachments dropped
 *  (R) any other unique number        extensions dropped (they may carry anything); remaining strings
 *                                     that look like a phone, email, SSN, MRN, URL or IP are removed
 *
 * Free text (narrative `text`, `note`, `comment`, `description`, `valueString`, note attachments)
 * is DROPPED, not scrubbed: a scrubber that misses one spelling of a name leaks it, and the coded
 * content (codes, values, units, statuses) is what research uses. Pure: no clock, no I/O.
 */
import type { Pseudonymizer } from './pseudonym.ts';
import { safeZip3 } from './restricted-zip3.ts';

export const SAFE_HARBOR_METHOD = 'HIPAA Safe Harbor 164.514(b)(2)';
export const AGE_90_OR_OVER_URL = 'https://lantern.example/fhir/StructureDefinition/age-90-or-over';

type Json = Record<string, unknown>;

/** Keys removed wherever they occur (see the table above). */
const DROP = new Set([
  'text', 'note', 'comment', 'description', 'valueString', 'valueAttachment', 'content', 'presentedForm', 'attachment',
  'identifier', 'telecom', 'photo', 'contact', 'name', 'signature', 'extension', 'modifierExtension', 'meta', 'implicitRules',
  'language', 'url', 'issued', 'udiCarrier', 'serialNumber', 'lotNumber', 'contained', 'data', 'patientInstruction',
]);
/** String values that are code system URIs or codes, not data about a person. */
const CODE_KEYS = new Set(['system', 'code', 'unit', 'status', 'resourceType', 'use', 'gender', 'intent', 'priority', 'version']);

const DATE = /^(\d{4})-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?$/;
const IDENTIFYING = [
  /\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b/, // phone, fax
  /[^\s@]+@[^\s@]+\.[a-z]{2,}/i, // email
  /\b\d{3}-\d{2}-\d{4}\b/, // SSN
  /\bMRN\d+/i, // Lantern MRNs
  /\b(?:https?|ftp):\/\//i, // URLs
  /\b\d{1,3}(?:\.\d{1,3}){3}\b/, // IPv4
  /\b\d{7,}\b/, // any other long number
];

export interface DeidContext {
  pseudo: Pseudonymizer;
  /** The export's date: ages are computed at it. */
  asOf: Date;
}

function reference(ref: unknown, ctx: DeidContext): Json | null {
  if (typeof ref !== 'string') return null;
  const m = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(ref);
  // Absolute and contained references could name a server or carry an identifier: dropped.
  return m?.[1] === undefined || m[2] === undefined ? null : { reference: `${m[1]}/${ctx.pseudo.id(m[1], m[2])}` };
}

function address(a: unknown): Json | null {
  if (typeof a !== 'object' || a === null) return null;
  const src = a as Json;
  const out: Json = {};
  if (typeof src['state'] === 'string') out['state'] = src['state'];
  if (typeof src['country'] === 'string') out['country'] = src['country'];
  const zip = safeZip3(src['postalCode']);
  if (zip !== null) out['postalCode'] = zip;
  return Object.keys(out).length === 0 ? null : out;
}

function scrubString(key: string, v: string): string | undefined {
  if (CODE_KEYS.has(key)) return v;
  const d = DATE.exec(v);
  if (d !== null) return d[1];
  return IDENTIFYING.some((re) => re.test(v)) ? undefined : v;
}

function walk(key: string, v: unknown, ctx: DeidContext): unknown {
  if (typeof v === 'string') return scrubString(key, v);
  if (Array.isArray(v)) {
    const out = v.map((x) => walk(key, x, ctx)).filter((x) => x !== undefined && x !== null);
    return out.length === 0 ? undefined : out;
  }
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Json;
  if (key === 'address') return address(o) ?? undefined;
  if ('reference' in o) return reference(o['reference'], ctx) ?? undefined;
  const out: Json = {};
  for (const [k, x] of Object.entries(o)) {
    if (DROP.has(k) || k === 'id' || (k === 'display' && !('code' in o))) continue;
    const w = walk(k, x, ctx);
    if (w !== undefined) out[k] = w;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** Whole years between a FHIR date and `asOf`, or null for a partial date. */
function ageAt(birthDate: unknown, asOf: Date): number | null {
  if (typeof birthDate !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate);
  if (m === null) return typeof birthDate === 'string' && /^\d{4}$/.test(birthDate) ? asOf.getUTCFullYear() - Number(birthDate) : null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const before = asOf.getUTCMonth() + 1 < mo || (asOf.getUTCMonth() + 1 === mo && asOf.getUTCDate() < d);
  return asOf.getUTCFullYear() - y - (before ? 1 : 0);
}

/** The de-identified resource: pseudonymous id, identifiers removed, dates reduced to the year. */
export function deidentify(resource: Json, ctx: DeidContext): Json {
  const type = String(resource['resourceType']);
  const body = (walk('', { ...resource, id: undefined }, ctx) ?? {}) as Json;
  const out: Json = { resourceType: type, id: ctx.pseudo.id(type, String(resource['id'])), ...body };
  if (type === 'Patient') {
    const age = ageAt(resource['birthDate'], ctx.asOf);
    if (age !== null && age >= 90) {
      // 164.514(b)(2)(i)(C): ages over 89 are aggregated into one category of 90 or older, birth year removed.
      delete out['birthDate'];
      out['extension'] = [{ url: AGE_90_OR_OVER_URL, valueBoolean: true }];
    }
  }
  return out;
}
