/**
 * The FHIR side of the one write path: validate, place the resource in its patient's record,
 * apply the access policy, resolve the version the write is based on (If-Match or meta.versionId;
 * a stale one merges as in sync), check the field groups it changes, then `writeResource` (version
 * bump, history, change seq, audit) — the same function sync.push uses, so a FHIR update is a new
 * version the workstations pull, and a workstation push is a new entry in FHIR `_history`.
 */
import { isSignedNote, validateResourceNamed, type ResourceJson } from '@lantern/core';
import type pg from 'pg';
import { appendAuditEvents } from '../db/audit-log.ts';
import { readResource, writeResource } from '../db/resources.ts';
import { gateFhirWrite } from '../medication-gate/fhir-gate.ts';
import { requireValidSignatureOf } from '../note-signatures/push-check.ts';
import { MAX_RESOURCE_BYTES } from '../sync/push.ts';
import { authorize, authorizeWrite, purpose, relationOf } from './access.ts';
import type { FhirCtx } from './context.ts';
import { FhirError, notFound, unprocessable } from './outcome.ts';
import { assertPatientExists, checkReferences, patientOf } from './references.ts';
import { isSharedType } from './registry.ts';
import { versionedWrite } from './versioned-write.ts';
import { afterPatientWrite, joinCareTeamOnRegistration, prepareRegistration } from '../registration/register-write.ts';

export interface FhirWrite {
  type: string;
  id: string;
  op: 'create' | 'update' | 'delete';
  resource: ResourceJson | null;
  ifMatch: number | null;
  /** `Type/id` -> patient of resources written earlier in the same Bundle. */
  known?: Map<string, string>;
  /** In a Bundle the patient may be written later in the same transaction: checked at the end. */
  deferPatientCheck?: boolean;
}

export interface FhirWriteResult {
  type: string;
  id: string;
  patientId: string;
  version: number;
  lastUpdated: string;
  resource: ResourceJson | null;
  /** A new resource (201), or a new life after a delete. */
  created: boolean;
  /** Nothing was written (deleting what is already deleted). */
  noop: boolean;
}

/** Validates a resource body for `type` (400 naming the first bad field). */
export function checkBody(type: string, body: unknown): ResourceJson {
  if (JSON.stringify(body ?? null).length > MAX_RESOURCE_BYTES) {
    throw new FhirError('BAD_INPUT', `${type}: larger than ${MAX_RESOURCE_BYTES} bytes`, { status: 413 });
  }
  const v = validateResourceNamed(body, type);
  if (!v.ok) throw v.error;
  return body as ResourceJson;
}

export async function fhirWrite(c: pg.ClientBase, ctx: FhirCtx, w: FhirWrite): Promise<FhirWriteResult> {
  const current = await readResource(c, w.type, w.id, { forUpdate: true });
  let patientId: string;
  let incoming: ResourceJson | null = null;
  if (w.op === 'delete') {
    if (current === null) throw notFound(`${w.type}/${w.id} does not exist`);
    patientId = current.patientId;
  } else {
    incoming = checkBody(w.type, w.resource);
    checkReferences(incoming, w.type);
    patientId = await patientOf(c, w.type, w.id, incoming, w.known);
    if (current !== null && current.patientId !== patientId) {
      throw unprocessable(`${w.type}.${w.type === 'AllergyIntolerance' ? 'patient' : 'subject'}`, `${w.type}/${w.id} belongs to another patient's record and cannot be moved`);
    }
  }
  const shared = isSharedType(w.type);
  // A new Patient: the registering user joins its care team before the policy decides (registration/).
  if (w.type === 'Patient' && current === null && w.op !== 'delete') await joinCareTeamOnRegistration(c, ctx.user.claims, w.id);
  const rel = shared ? null : await relationOf(c, ctx, patientId);
  const exists = current !== null && !current.deleted;
  const action = w.op === 'delete' ? 'delete' : exists ? 'update' : 'create';
  const { flagged } = authorize(ctx, w.type, action, shared ? null : patientId, rel, w.id);
  if (w.ifMatch !== null && !exists) {
    throw new FhirError('VERSION_MISMATCH', `If-Match W/"${w.ifMatch}" does not match: ${w.type}/${w.id} has no current version`);
  }
  if (w.op === 'delete' && !exists && current !== null) {
    return { type: w.type, id: w.id, patientId, version: current.version, lastUpdated: current.lastUpdated, resource: null, created: false, noop: true };
  }
  // Version-aware (versioned-write.ts): 428 without a base, a stale base merges like sync.push.
  const v = exists ? await versionedWrite(c, { type: w.type, id: w.id, shared, ifMatch: w.ifMatch, mine: incoming, current }) : null;
  // The field-level policy on what the client changed; a signed note on the server is never overwritten.
  const before = exists ? (isSignedNote(w.type, current.resource) ? current.resource : v?.edited ?? current.resource) : null;
  authorizeWrite(ctx, { type: w.type, id: w.id, patientId: shared ? null : patientId, rel, before, after: incoming });
  if (exists && v !== null && v.unchanged) {
    return { type: w.type, id: w.id, patientId, version: current.version, lastUpdated: current.lastUpdated, resource: current.resource, created: false, noop: true };
  }
  if (v !== null) incoming = v.resource;
  // A change to what the patient receives passes the same CDS gate as a signed order (medication-gate/).
  const overrideEvents = await gateFhirWrite(c, ctx, { patientId, resourceType: w.type, resourceId: w.id, before: exists ? current.resource : null, after: incoming });
  // A note signature must verify against the signer's registered key (note-signatures/).
  await requireValidSignatureOf(c, ctx.user.claims.userId, { resourceType: w.type, patientId, resource: incoming });
  // Enterprise MRN and identifiers unique per system (a clash is a 409).
  if (w.type === 'Patient' && incoming !== null) incoming = await prepareRegistration(c, patientId, incoming);
  const out = await writeResource(
    c,
    { op: w.op === 'delete' ? 'delete' : exists ? 'update' : 'create', resourceType: w.type, id: w.id, patientId, resource: incoming, current },
    { actor: ctx.user.actor, now: ctx.now, audit: { ...purpose(flagged), detail: { via: 'fhir', ...(ctx.user.smart === undefined ? {} : { clientId: ctx.user.smart.clientId }) } } },
  );
  if (overrideEvents.length > 0) await appendAuditEvents(c, overrideEvents);
  if (w.type === 'Patient') await afterPatientWrite(c, { patientId, version: out.version, resource: out.resource, created: !exists && w.op !== 'delete', now: ctx.now, config: ctx.deps.services.config.matchConfig });
  if (w.deferPatientCheck !== true) await assertPatientExists(c, w.type, patientId);
  w.known?.set(`${w.type}/${w.id}`, patientId);
  return { type: w.type, id: w.id, patientId, version: out.version, lastUpdated: out.lastUpdated, resource: out.resource, created: !exists && w.op !== 'delete', noop: false };
}
