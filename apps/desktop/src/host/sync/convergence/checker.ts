/**
 * The convergence checker's history part (pure): given every edit the workstations made, the
 * verdict each workstation received for it, and the server's final state, it lists violations of
 * the safety rule (ARCHITECTURE.md: a clinical write is never silently lost or silently overwritten):
 * - unanswered: an edit with no verdict after the fault-free final round (it never reached the server);
 * - refused: a write the server refused for good (the workload only makes permitted, valid edits);
 * - not-logged / log-mismatch: an acknowledged write the server has no record of, or a different verdict;
 * - conflict-not-recorded: a conflict verdict with no conflict row for a clinician to resolve;
 * - lost: an acknowledged value that is not in the final record although no later write that saw it replaced it;
 * - silent-overwrite: two acknowledged writes raced on the same field (neither was made on a
 *   version containing the other) and both were applied: one overwrote the other unseen.
 * "Saw": the later write's base version includes the earlier write's version, or both come from
 * the same workstation in that order (its local copy already held the earlier edit).
 * - self-conflict: a conflict verdict the model can explain only by the same workstation's own
 *   earlier edits of that field (it made two offline edits of one field; the second saw the first):
 *   the server asked a clinician to resolve a race with themself. The fields an edit is judged on
 *   include those of the same workstation's earlier edits of the record on the same base that were
 *   answered conflict: the later edit was made on top of them and still carries their unresolved
 *   change. Any other conflict verdict is allowed (refusing a write is safe), and counted.
 */
import type { PushResult } from '@lantern/core';
import { FIELDS, type EditRecord, type Field } from './workload.ts';

export interface ServerRecord {
  version: number;
  deleted: boolean;
  resource: Record<string, unknown> | null;
}

export interface ServerHistory {
  /** mutation_log: the stored verdict status per mutation id. */
  logged: ReadonlyMap<string, string>;
  /** Mutation ids with a row in the conflicts table. */
  conflicts: ReadonlySet<string>;
  /** The server version each recorded conflict was decided against (conflicts.server_version). */
  conflictAgainst?: ReadonlyMap<string, number>;
  /** The current row of every record the workload created. */
  records: ReadonlyMap<string, ServerRecord>;
}

export interface Violation {
  kind: 'unanswered' | 'refused' | 'not-logged' | 'log-mismatch' | 'conflict-not-recorded' | 'lost' | 'silent-overwrite' | 'self-conflict';
  /** Ids only: no PHI in test output. */
  detail: string;
  /** The record a history violation is about, so the run can print that record's server history. */
  resourceId?: string;
}

export interface HistoryCounts {
  writes: number;
  acknowledged: number;
  conflicts: number;
  /** Conflict verdicts explained only by the same workstation's own earlier edit (each is a violation, see above). */
  selfConflicts: number;
  refused: number;
  /** Pairs of acknowledged writes the model says raced on one field unseen (each is a violation). */
  unseenRaces: number;
}

interface Acked {
  e: EditRecord;
  version: number;
}

const fieldValue = (r: Record<string, unknown>, f: Field): string | undefined => {
  const v = r[f];
  if (f === 'issued') return typeof v === 'string' ? v : undefined;
  const t = (v as { text?: unknown } | undefined)?.text;
  return typeof t === 'string' ? t : undefined;
};
const sameInstant = (a: string | undefined, b: string): boolean => a !== undefined && Date.parse(a) === Date.parse(b);

/** What part of the record an edit changes, for deciding whether two edits collide. */
function touches(e: EditRecord): 'all' | 'note' | Field | 'none' {
  switch (e.edit.kind) {
    case 'create':
      return 'none';
    case 'delete':
      return 'all';
    case 'note':
      return 'note';
    case 'field':
      return e.edit.field;
  }
}

function collide(a: EditRecord, b: EditRecord): boolean {
  const ta = touches(a);
  const tb = touches(b);
  if (ta === 'none' || tb === 'none') return false;
  if (ta === 'all' || tb === 'all') return true;
  // Two notes are two new elements of the array: both kept, never a collision.
  return ta === tb && ta !== 'note';
}

/**
 * The same change: two deletes, or the same value written to the same field. The server answers the
 * second at the version the first made ("nothing to add": the change is already there), and nothing
 * was overwritten.
 */
function sameEffect(a: Acked, b: Acked): boolean {
  if (a.version !== b.version) return false;
  if (a.e.edit.kind === 'delete' && b.e.edit.kind === 'delete') return true;
  return a.e.edit.kind === 'field' && b.e.edit.kind === 'field' && a.e.edit.field === b.e.edit.field && a.e.edit.value === b.e.edit.value;
}

const saw = (later: Acked, earlier: Acked): boolean =>
  later.e.base >= earlier.version || (later.e.device === earlier.e.device && later.e.n > earlier.e.n);

export function checkHistory(edits: readonly EditRecord[], received: ReadonlyMap<string, PushResult>, server: ServerHistory): { violations: Violation[]; counts: HistoryCounts } {
  const violations: Violation[] = [];
  const counts: HistoryCounts = { writes: edits.length, acknowledged: 0, conflicts: 0, selfConflicts: 0, refused: 0, unseenRaces: 0 };
  const ackedBy = new Map<string, Acked[]>();
  const conflicted: EditRecord[] = [];
  for (const e of edits) {
    const r = received.get(e.mutationId);
    if (r === undefined) {
      violations.push({ kind: 'unanswered', detail: `mutation ${e.mutationId} (${e.edit.kind} of ${e.resourceId})` });
      continue;
    }
    switch (r.status) {
      case 'applied':
      case 'merged': {
        counts.acknowledged += 1;
        const logged = server.logged.get(e.mutationId);
        if (logged === undefined) violations.push({ kind: 'not-logged', detail: `acknowledged mutation ${e.mutationId} is not in the server's mutation log` });
        else if (logged !== r.status) violations.push({ kind: 'log-mismatch', detail: `mutation ${e.mutationId}: workstation got ${r.status}, server logged ${logged}` });
        const list = ackedBy.get(e.resourceId) ?? [];
        list.push({ e, version: Number(r.version) });
        ackedBy.set(e.resourceId, list);
        break;
      }
      case 'conflict':
        counts.conflicts += 1;
        conflicted.push(e);
        if (!server.conflicts.has(e.mutationId)) violations.push({ kind: 'conflict-not-recorded', detail: `mutation ${e.mutationId} got a conflict the server did not record` });
        break;
      case 'rejected':
        counts.refused += 1;
        violations.push({ kind: 'refused', detail: `mutation ${e.mutationId} (${e.edit.kind}) refused: ${r.code}` });
        break;
    }
  }

  // An edit made on top of the same workstation's earlier edit that was answered conflict still holds
  // that edit's unresolved change (same record, same base: the local copy kept both), so it races
  // with whatever that change raced with.
  const conflictedChain = new Map<string, EditRecord[]>();
  for (const e of conflicted) {
    const k = `${e.device}/${e.resourceId}@${e.base}`;
    conflictedChain.set(k, [...(conflictedChain.get(k) ?? []), e]);
  }
  for (const e of conflicted) {
    const against = server.conflictAgainst?.get(e.mutationId) ?? Number.POSITIVE_INFINITY;
    const carried = (conflictedChain.get(`${e.device}/${e.resourceId}@${e.base}`) ?? []).filter((c) => c.n <= e.n);
    const explaining = (ackedBy.get(e.resourceId) ?? []).filter((a) => a.version > e.base && a.version <= against && carried.some((c) => collide(a.e, c)));
    if (explaining.length > 0 && explaining.every((a) => a.e.device === e.device && a.e.n < e.n)) {
      counts.selfConflicts += 1;
      const own = explaining.map((a) => `${a.e.mutationId} (v${a.version})`).join(', ');
      violations.push({ kind: 'self-conflict', resourceId: e.resourceId, detail: `${e.resourceId}: mutation ${e.mutationId} (${touches(e)}, base v${e.base}) was answered conflict, explained only by the same workstation's earlier ${own}` });
    }
  }

  for (const [resourceId, acked] of ackedBy) {
    acked.sort((a, b) => a.version - b.version || a.e.n - b.e.n);
    // Races: both applied, neither saw the other, same field.
    for (let i = 0; i < acked.length; i += 1) {
      for (let j = i + 1; j < acked.length; j += 1) {
        const a = acked[i] as Acked;
        const b = acked[j] as Acked;
        if (collide(a.e, b.e) && !saw(b, a) && !saw(a, b) && !sameEffect(a, b)) {
          counts.unseenRaces += 1;
          violations.push({ kind: 'silent-overwrite', resourceId, detail: `${resourceId}: mutation ${b.e.mutationId} (${touches(b.e)}, v${b.version}, base v${b.e.base}) overwrote ${a.e.mutationId} (${touches(a.e)}, v${a.version}) unseen` });
        }
      }
    }
    const final = server.records.get(resourceId);
    if (final === undefined) {
      violations.push({ kind: 'lost', resourceId, detail: `record ${resourceId} has acknowledged writes but is not on the server` });
      continue;
    }
    const deletedBy = acked.find((a) => a.e.edit.kind === 'delete');
    if (final.deleted || final.resource === null) {
      if (deletedBy === undefined) violations.push({ kind: 'lost', resourceId, detail: `record ${resourceId} is deleted on the server but no delete was acknowledged` });
      continue;
    }
    if (deletedBy !== undefined) {
      violations.push({ kind: 'lost', resourceId, detail: `record ${resourceId}: acknowledged delete ${deletedBy.e.mutationId} is not in effect` });
      continue;
    }
    // The last acknowledged value of each field is the one the record holds.
    for (const f of FIELDS) {
      let want: string | undefined;
      for (const a of acked) {
        if (a.e.edit.kind === 'create') want = a.e.edit.values[f];
        else if (a.e.edit.kind === 'field' && a.e.edit.field === f) want = a.e.edit.value;
      }
      const have = fieldValue(final.resource, f);
      if (want !== undefined && !(have === want || (f === 'issued' && sameInstant(have, want)))) {
        violations.push({ kind: 'lost', resourceId, detail: `record ${resourceId}: ${f} holds another value than the last acknowledged write` });
      }
    }
    const notes = new Set(((final.resource['note'] as { id?: unknown }[] | undefined) ?? []).map((n) => n.id));
    for (const a of acked) {
      if (a.e.edit.kind === 'note' && !notes.has(a.e.edit.noteId)) violations.push({ kind: 'lost', resourceId, detail: `record ${resourceId}: acknowledged note ${a.e.edit.noteId} is missing` });
    }
  }
  return { violations, counts };
}
