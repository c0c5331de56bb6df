/**
 * How the merge recognises "the same element" of a FHIR array on both sides: by identity, never
 * by index (ARCHITECTURE.md, Sync protocol). In order of preference:
 *  1. the element's `id`                                    -> `[id=...]`        (strong)
 *  2. `dosageInstruction` / `dosage` with a `sequence`      -> `[sequence=n]`    (strong)
 *  3. an Identifier (in an `identifier` array) or an element carrying `identifier`: system|value
 *  4. a Coding: system|code; a CodeableConcept: its first coding's system|code -> `[coding=s|c]`
 *  5. otherwise the element's whole content (canonical JSON), e.g. a ContactPoint or Address
 * 3-5 are weak: editing such an element changes its identity, so an edit looks like removing the
 * old element and adding a new one; merge.ts treats two such replacements as a conflict.
 *
 * An array whose elements are not objects (`given`, `line`), or in which two elements share an
 * identity, has no usable identity: it is merged as one value.
 *
 * Labels name an element in conflict paths: `[id=...]`, `[sequence=n]`, `[coding=system|code]`.
 * Identifier values and element content may be PHI (an MRN, a phone number) and mean nothing as
 * a label, so those elements have an empty label and paths name the array itself (`telecom`).
 */
import { canonicalJson } from '../audit/canonical-json.ts';

export interface ElementIdentity {
  readonly key: string;
  readonly label: string;
  readonly strong: boolean;
}

/** `path[label]`, or the array's own path when the element has no printable label. */
export const elementPath = (arrayPath: string, identity: ElementIdentity): string =>
  identity.label === '' ? arrayPath : `${arrayPath}[${identity.label}]`;

export interface KeyedElement {
  readonly identity: ElementIdentity;
  readonly value: unknown;
}

const CODING_KEYS = new Set(['id', 'extension', 'system', 'version', 'code', 'display', 'userSelected']);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function identifierKey(id: Record<string, unknown> | undefined): string | undefined {
  const value = str(id?.['value']);
  return value === undefined ? undefined : `identifier=${str(id?.['system']) ?? ''}|${value}`;
}

function codingKey(c: Record<string, unknown> | undefined): string | undefined {
  const code = str(c?.['code']);
  return code === undefined ? undefined : `coding=${str(c?.['system']) ?? ''}|${code}`;
}

const weak = (key: string, label: string): ElementIdentity => ({ key, label, strong: false });

/** The identity of one element of the array held in property `field`; null if it has none. */
export function elementIdentity(field: string, element: unknown): ElementIdentity | null {
  const el = asRecord(element);
  if (el === undefined) return null;
  const id = str(el['id']);
  if (id !== undefined) return { key: `id=${id}`, label: `id=${id}`, strong: true };
  if ((field === 'dosageInstruction' || field === 'dosage') && typeof el['sequence'] === 'number') {
    const key = `sequence=${el['sequence']}`;
    return { key, label: key, strong: true };
  }
  const ident = field === 'identifier' ? identifierKey(el) : undefined;
  const carried = el['identifier'];
  const carriedKey = identifierKey(Array.isArray(carried) ? asRecord(carried[0]) : asRecord(carried));
  const idKey = ident ?? carriedKey;
  if (idKey !== undefined) return weak(idKey, '');
  const isCoding = field === 'coding' || Object.keys(el).every((k) => CODING_KEYS.has(k));
  const coding = isCoding ? codingKey(el) : Array.isArray(el['coding']) ? codingKey(asRecord(el['coding'][0])) : undefined;
  if (coding !== undefined) return weak(coding, coding);
  return weak(`json=${canonicalJson(el)}`, '');
}

/** The array's elements by identity, in array order; null if the array must be merged whole. */
export function keyArray(field: string, items: readonly unknown[]): Map<string, KeyedElement> | null {
  const out = new Map<string, KeyedElement>();
  for (const value of items) {
    const identity = elementIdentity(field, value);
    if (identity === null || out.has(identity.key)) return null;
    out.set(identity.key, { identity, value });
  }
  return out;
}
