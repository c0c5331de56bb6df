/**
 * The conflicts inbox view model: each conflict as rows, mine beside the
 * server's, field by field, with the rows the merge flagged marked. Rows whose values are the same
 * on both sides are shown only if the merge flagged them (a safety-critical field the client
 * changed while the server moved on can hold equal display values but different codes).
 */
import type { ResourceJson } from '../sync/protocol.ts';
import { safetyCriticalFields } from '../sync/safety-critical.ts';
import { matchesCriticalField } from '../sync/safety-critical.ts';
import { fieldSpecsFor, genericSpec, stripSelectors, touches, type FieldSpec } from './field-display.ts';

export interface ConflictInput {
  conflictId: string;
  mutationId: string;
  patientId: string;
  resourceType: string;
  resourceId: string;
  /** Paths the server reported (both sides changed, or a safety-critical field). */
  fields: readonly string[];
  /** The client's version (null = the client deleted it). */
  mine: ResourceJson | null;
  /** The server's current version (null = deleted on the server). */
  server: ResourceJson | null;
  /** The version both edits started from, when known. */
  base?: ResourceJson | null;
  createdAt: string;
  resolvedAt?: string | null;
  /** For a refused write: the server's reason. */
  reason?: string | null;
}

export interface ConflictRow {
  id: string;
  label: string;
  /** Top-level element: choosing a side for this row copies this element. */
  field: string;
  mine: string;
  server: string;
  base: string | null;
  /** The merge flagged this row. */
  flagged: boolean;
  safetyCritical: boolean;
  differs: boolean;
}

export interface ConflictView {
  conflictId: string;
  resourceType: string;
  resourceId: string;
  /** "Medication order: simvastatin" */
  title: string;
  /** 'rejected': the server refused the write (the sync loop records it as `rejected:<CODE>`). */
  kind: 'both-edited' | 'deleted-on-server' | 'deleted-by-me' | 'rejected';
  /** For 'rejected': the server's error code. */
  rejectedCode: string | null;
  /** For 'rejected': the server's reason, in its words. */
  rejectedReason: string | null;
  rows: ConflictRow[];
  /** The server version a resolution is based on (null when the server deleted it). */
  serverVersion: string | null;
  createdAt: string;
}

const TYPE_LABEL: Readonly<Record<string, string>> = {
  MedicationRequest: 'Medication order', ServiceRequest: 'Lab/imaging order', AllergyIntolerance: 'Allergy', Condition: 'Problem',
  Observation: 'Observation', DocumentReference: 'Note', Composition: 'Note', Encounter: 'Encounter', Patient: 'Patient',
};
const ENVELOPE = new Set(['resourceType', 'id', 'meta', 'text', 'contained']);
const empty = { resourceType: '', id: '' } as ResourceJson;

const REJECTED = 'rejected:';

export function conflictView(c: ConflictInput): ConflictView {
  const rejected = c.fields.find((f) => f.startsWith(REJECTED));
  if (rejected !== undefined) return rejectedView(c, rejected.slice(REJECTED.length));
  const mine = c.mine ?? empty;
  const server = c.server ?? empty;
  const specs = [...fieldSpecsFor(c.resourceType)];
  const covered = new Set(specs.flatMap((s) => [s.field, ...s.covers.map((p) => p.split('.')[0] ?? p)]));
  // Any other top-level field that differs or was flagged gets a generic row.
  const keys = new Set([...Object.keys(mine), ...Object.keys(server), ...c.fields.map((f) => stripSelectors(f).split('.')[0] ?? f)]);
  for (const k of keys) if (!ENVELOPE.has(k) && !covered.has(k)) specs.push(genericSpec(k));
  const critical = safetyCriticalFields(c.resourceType);
  const rows: ConflictRow[] = [];
  for (const s of specs) {
    const m = c.mine === null ? 'deleted' : s.show(mine);
    const t = c.server === null ? 'deleted' : s.show(server);
    const flagged = c.fields.some((f) => touches(f, s.covers));
    const differs = m !== t;
    if (!flagged && m === t) continue;
    rows.push({
      id: s.id, label: s.label, field: s.field, mine: m, server: t,
      base: c.base === undefined || c.base === null ? null : s.show(c.base),
      flagged, differs, safetyCritical: matchesCriticalField(critical, s.field),
    });
  }
  // Flagged rows first, in the spec's order.
  rows.sort((a, b) => Number(b.flagged) - Number(a.flagged));
  const nameSpec = specs.find((x) => x.id === 'medication' || x.id === 'code');
  const named = c.server ?? c.mine;
  const name = nameSpec === undefined || named === null ? undefined : nameSpec.show(named);
  const title = `${TYPE_LABEL[c.resourceType] ?? c.resourceType}${name === undefined || name === '—' || name === '' ? '' : `: ${name}`}`;
  const meta = c.server?.['meta'];
  const version = typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>)['versionId'] : undefined;
  return {
    conflictId: c.conflictId, resourceType: c.resourceType, resourceId: c.resourceId, title,
    kind: c.server === null ? 'deleted-on-server' : c.mine === null ? 'deleted-by-me' : 'both-edited', rejectedCode: null, rejectedReason: null,
    rows, serverVersion: typeof version === 'string' ? version : null, createdAt: c.createdAt,
  };
}

/**
 * A write the server refused: my values, row by row, and the reason; beside them the server's copy the
 * edit started from when the workstation holds one (what the chart shows again, and what "discard"
 * keeps), so the clinician sees what was not accepted. Nothing is flagged: the server compared nothing.
 */
function rejectedView(c: ConflictInput, code: string): ConflictView {
  const mine = c.mine ?? empty;
  const server = c.server ?? null;
  const critical = safetyCriticalFields(c.resourceType);
  const rows: ConflictRow[] = c.mine === null ? [] : fieldSpecsFor(c.resourceType).map((s) => {
    const m = s.show(mine);
    const t = server === null ? '—' : s.show(server);
    return { id: s.id, label: s.label, field: s.field, mine: m, server: t, base: null, flagged: false, safetyCritical: matchesCriticalField(critical, s.field), differs: server !== null && m !== t };
  }).filter((r) => r.mine !== '—' || r.server !== '—');
  return {
    conflictId: c.conflictId, resourceType: c.resourceType, resourceId: c.resourceId,
    title: `${TYPE_LABEL[c.resourceType] ?? c.resourceType} not accepted by the server`,
    kind: 'rejected', rejectedCode: code, rejectedReason: c.reason ?? null, rows, serverVersion: null, createdAt: c.createdAt,
  };
}

export type { FieldSpec };
