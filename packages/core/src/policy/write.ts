/**
 * The write half of the one access decision: `decideAccess` says whether a role may create,
 * update or delete a type at all under its relation to the patient; `decideWrite` adds WHICH
 * field groups (field-groups.ts) the write changes and whether the role may change each of them
 * (minimum necessary, HIPAA 164.514(d)). The server runs it on every sync mutation, FHIR write and
 * transaction entry, and the workstation on every write it queues, so all three refuse the same
 * writes, offline too.
 *
 * Rules that are not a plain group grant:
 * - Order status transitions: a nurse may hold an active order or resume a held one
 *   (administration reasons), never stop, cancel, complete or re-activate it
 *   (http://hl7.org/fhir/R4/valueset-medicationrequest-status.html).
 * - Signed notes (DocumentReference.docStatus / Composition.status final or amended) are never
 *   overwritten or deleted by anyone. Two changes are allowed, to the note's author or a
 *   physician: an amended version (status `amended`) and a retraction (`entered-in-error`, status
 *   only). Same rule as sync's merge, which treats every field of a signed note as critical.
 */
import type { ResourceJson } from '../sync/protocol.ts';
import { isSignedNote } from '../sync/safety-critical.ts';
import { decideAccess, type Action, type Relation } from './access.ts';
import { changedFieldGroups, SIGNED_CONTENT } from './field-groups.ts';
import type { Role } from './roles.ts';

export interface WriteRequest {
  role: Role;
  resourceType: string;
  relation: Relation;
  breakGlass?: boolean;
  /** The stored version the write starts from; null for a create. */
  before: ResourceJson | null;
  /** The version written; null for a delete. */
  after: ResourceJson | null;
  /** The writer's user id: a note's author is `Practitioner/<userId>`. */
  userId?: string;
}

export type WriteDecision =
  | { allowed: true; flagged: boolean; fieldGroups: string[] }
  | { allowed: false; reason: string; fieldGroups: string[] };

/** `'*'`: every group of the type. */
type GroupGrant = '*' | readonly string[];

/**
 * Per role and type, the field groups the role may change (on types decideAccess lets it write).
 * A type not listed: nothing. Physicians and the owners of system or financial data change
 * everything decideAccess lets them write.
 */
const FIELD_GRANTS: Readonly<Record<Role, Readonly<Record<string, GroupGrant>>>> = {
  physician: {
    Patient: '*', Encounter: '*', Condition: '*', AllergyIntolerance: '*', MedicationRequest: '*', MedicationStatement: '*',
    Observation: '*', DiagnosticReport: '*', ServiceRequest: '*', DocumentReference: '*', Composition: '*', Provenance: '*',
  },
  // Charts what nurses chart; on orders only the administration state and annotations.
  nurse: {
    AllergyIntolerance: '*', Observation: '*', DocumentReference: '*', Composition: '*', Provenance: '*',
    MedicationRequest: ['status', 'annotation'],
    ServiceRequest: ['status', 'annotation'],
  },
  // Financial records only: billing writes nothing clinical.
  billing: { Coverage: '*', Account: '*', Claim: '*' },
  privacy_officer: {},
  admin: { User: '*', Device: '*', Practitioner: '*' },
  // Demographics, the record links of a merge, and coverage.
  registrar: { Patient: '*', Coverage: '*' },
};

/** Status transitions a role is limited to, per type (absent: any transition its groups allow). */
const STATUS_TRANSITIONS: Readonly<Partial<Record<Role, Readonly<Record<string, readonly (readonly [string, string])[]>>>>> = {
  nurse: {
    // A nurse may hold a medication (an administration decision); making it active again changes what
    // the patient receives, so it is a re-activation a prescriber signs through the CDS sign flow.
    MedicationRequest: [['active', 'on-hold']],
    ServiceRequest: [['active', 'on-hold'], ['on-hold', 'active'], ['active', 'completed']],
  },
};

/** What each group protects, for refusals a clinician can act on. */
const GROUP_HINT: Readonly<Record<string, string>> = {
  prescription: ' (medication, dose, route, frequency, requester, intent)',
  order: ' (what is ordered, for whom, by whom)',
};

/** May `role` change `fieldGroup` of `resourceType` (when decideAccess lets it write the type)? */
export function mayChange(role: Role, resourceType: string, fieldGroup: string): boolean {
  if (fieldGroup === SIGNED_CONTENT) return false;
  const grant = FIELD_GRANTS[role][resourceType];
  if (grant === undefined) return false;
  return grant === '*' || grant.includes(fieldGroup);
}

/** May `role` amend or retract a signed note it did not author? */
export const mayAmendOthersNotes = (role: Role): boolean => role === 'physician';

const statusOf = (type: string, r: ResourceJson | null): string | undefined => {
  const v = type === 'DocumentReference' ? r?.['docStatus'] : r?.['status'];
  return typeof v === 'string' ? v : undefined;
};
const authoredBy = (note: ResourceJson, userId: string | undefined): boolean =>
  userId !== undefined && Array.isArray(note['author']) &&
  note['author'].some((a: unknown) => typeof a === 'object' && a !== null && (a as { reference?: unknown }).reference === `Practitioner/${userId}`);

const deny = (reason: string, fieldGroups: string[]): WriteDecision => ({ allowed: false, reason, fieldGroups });

function signedNoteDecision(req: WriteRequest, signed: ResourceJson, groups: string[]): WriteDecision | null {
  const { role, resourceType, after } = req;
  const next = statusOf(resourceType, after);
  const amendment = after !== null && next === 'amended';
  const retraction = after !== null && next === 'entered-in-error' && groups.every((g) => g === 'note-status');
  if (!amendment && !retraction) {
    return deny(`nobody may ${after === null ? 'delete' : 'overwrite'} a signed ${resourceType} (${SIGNED_CONTENT}): write an amended version or mark it entered-in-error`, [SIGNED_CONTENT, ...groups]);
  }
  if (!authoredBy(signed, req.userId) && !mayAmendOthersNotes(role)) {
    return deny(`${role} may not ${amendment ? 'amend' : 'retract'} a signed ${resourceType} they did not author (${SIGNED_CONTENT})`, [SIGNED_CONTENT, ...groups]);
  }
  return null;
}

function statusDecision(req: WriteRequest): WriteDecision | null {
  const allowed = STATUS_TRANSITIONS[req.role]?.[req.resourceType];
  if (allowed === undefined) return null;
  const from = statusOf(req.resourceType, req.before);
  const to = statusOf(req.resourceType, req.after);
  if (from === to) return null; // only statusReason changed
  if (allowed.some(([f, t]) => f === from && t === to)) return null;
  return deny(`${req.role} may not change the status of a ${req.resourceType} from ${from ?? '(none)'} to ${to ?? '(none)'}`, ['status']);
}

/**
 * Decides one write. Never allows what decideAccess denies; reasons name the role, type and
 * field group only, never PHI.
 */
export function decideWrite(req: WriteRequest): WriteDecision {
  const { role, resourceType, before, after } = req;
  const action: Action = before === null ? 'create' : after === null ? 'delete' : 'update';
  const groups = changedFieldGroups(resourceType, before, after);
  const access = decideAccess({ role, resourceType, action, relation: req.relation, ...(req.breakGlass === undefined ? {} : { breakGlass: req.breakGlass }) });
  if (!access.allowed) return deny(access.reason, groups);
  if (before !== null && isSignedNote(resourceType, before)) {
    const d = signedNoteDecision(req, before, groups);
    if (d !== null) return d;
  }
  const refused = groups.find((g) => !mayChange(role, resourceType, g));
  if (refused !== undefined) return deny(`${role} may not change the ${refused} of a ${resourceType}${GROUP_HINT[refused] ?? ''}`, groups);
  if (groups.includes('status')) {
    const d = statusDecision(req);
    if (d !== null) return d;
  }
  return { allowed: true, flagged: access.flagged, fieldGroups: groups };
}
