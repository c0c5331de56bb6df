/**
 * The local chart store's API. `ReadableStore` is the capability the chart screens get: it has no
 * write methods, and a store opened read-only is also a read-only SQLite connection, so even a
 * cast cannot write (CONVENTIONS.md #7; Signal Desktop's ReadableDB/WritableDB). `WritableStore`
 * belongs to the sync loop and the clinician's edit path.
 *
 * Every method returns a Result: a damaged file, a busy disk or bad input is a value the caller
 * shows, never an exception that takes the worker down.
 */
import {
  LanternError, MutationSchema, err, ok, validateResource,
  type AuditEventInput, type ChainedAuditEvent, type Change, type ChartSummary, type Condition, type Encounter, type FullChart,
  type LabSeries, type LanternResource, type MedicationRequest, type Mutation, type NoteListItem, type PatientBanner, type PullOutput,
  type RecentLab, type ResourceJson, type Result, type VitalSign,
} from '@lantern/core';
import { appendAuditEvents, listUnsentAudit, markAuditSent } from './audit-log.ts';
import { activeMedications, activeProblems, allergyList, encounters, type AllergyList } from './chart/clinical-lists.ts';
import { notesList } from './chart/notes-list.ts';
import { labSeries, latestVitals, recentLabs } from './chart/observations.ts';
import { readBanner, readFullChart, readSummary } from './chart/open-chart.ts';
import { conflictsToCloseOnServer, listConflicts, listConflictsOf, markClosedOnServer, putConflict, resolveConflict, type ConflictRecord, type StoredConflict } from './conflicts.ts';
import { keyToPragmaLiteral, checkKey } from './key/key-provider.ts';
import { peekOutbox, outboxSize, type OutboxEntry } from './outbox.ts';
import { searchPatients, type PatientSearchHit } from './patient-search.ts';
import { ackMutations, purgePatientRows, restoreServerCopy, upsertChanges, writeLocalMutation, type OutboxAck, type PurgeSummary, type UpsertSummary } from './resource-writes.ts';
import type { StoreDb } from './store-db.ts';
import { toStoreError } from './store-errors.ts';
import { recordRefusal, type Refusal } from './refused-writes.ts';
import { PULL_CURSOR, deleteState, getState, setState } from './sync-state.ts';
import { purgeForUser, recordUserPatients } from './user-patients.ts';

export type StoreResult<T> = Result<T, LanternError>;

export interface ReadableStore {
  readonly readonly: boolean;
  banner(patientId: string): StoreResult<PatientBanner>;
  summary(patientId: string): StoreResult<ChartSummary>;
  openChart(patientId: string): StoreResult<FullChart>;
  activeProblems(patientId: string): StoreResult<Condition[]>;
  activeMedications(patientId: string): StoreResult<MedicationRequest[]>;
  allergies(patientId: string): StoreResult<AllergyList>;
  latestVitals(patientId: string): StoreResult<VitalSign[]>;
  labSeries(patientId: string, loinc: string, category?: string): StoreResult<LabSeries>;
  recentLabs(patientId: string): StoreResult<RecentLab[]>;
  notes(patientId: string, limit?: number): StoreResult<NoteListItem[]>;
  encounters(patientId: string, limit?: number): StoreResult<Encounter[]>;
  /** `among`: only these patients (the signed-in user's); omitted, the whole store. */
  searchPatients(query: string, limit: number, among?: readonly string[]): StoreResult<PatientSearchHit[]>;
  getResource(resourceId: string): StoreResult<LanternResource | null>;
  peekOutbox(limit: number): StoreResult<OutboxEntry[]>;
  outboxSize(): StoreResult<number>;
  listConflicts(patientId: string | null): StoreResult<StoredConflict[]>;
  /** The open conflicts and refused writes `userId` authored; one patient's when given. */
  listConflictsOf(userId: string, patientId: string | null): StoreResult<StoredConflict[]>;
  /** Conflicts `userId` resolved here that the server has not yet been told about. */
  conflictsToCloseOnServer(userId: string, limit: number): StoreResult<string[]>;
  getCursor(name?: string): StoreResult<string | null>;
  /** The oldest events the server has not taken yet (`afterSeq`: only those after that one). */
  listUnsentAudit(limit: number, afterSeq?: number): StoreResult<ChainedAuditEvent[]>;
  /** Runs `PRAGMA integrity_check`; true when the file is sound. */
  integrityCheck(): StoreResult<boolean>;
  /** The number of the last migration applied to the file. */
  schemaVersion(): StoreResult<number>;
  close(): void;
}

export interface PullPageSummary extends UpsertSummary {
  purged: number;
  /** Patients that left this user's scope but stay in the store for another user of the workstation. */
  keptForOthers: number;
}

export interface WritableStore extends ReadableStore {
  /** A sync.pull page: changes, purges and the new cursor (and page token) in one transaction, so a crash never
   *  leaves the cursor ahead of the data (or the data ahead of the cursor: replays are idempotent). */
  applyPullPage(page: PullOutput, cursorName?: string, userId?: string): StoreResult<PullPageSummary>;
  upsertChanges(changes: readonly Change[]): StoreResult<UpsertSummary>;
  /** The page token stored with the last pull page under that cursor (protocol 4), echoed in the next pull. */
  getPageToken(name?: string): StoreResult<string | null>;
  /** A clinician's edit: the resource (marked pending) and its outbox entry in one transaction. */
  applyLocalMutation(mutation: Mutation): StoreResult<{ outboxSeq: number }>;
  ackOutbox(acks: readonly OutboxAck[]): StoreResult<number>;
  putConflicts(conflicts: readonly ConflictRecord[]): StoreResult<void>;
  resolveConflict(conflictId: string, resolution: string): StoreResult<void>;
  markConflictClosedOnServer(conflictId: string): StoreResult<void>;
  /** Writes the server refused for good: to the inbox with the reason, out of the outbox, the server's copy back (refused-writes.ts). */
  refuseMutations(refusals: readonly Refusal[]): StoreResult<number>;
  /** The server's copy back on screen (see resource-writes.ts restoreServerCopy); false while other edits are queued on it. */
  restoreServerCopy(resourceId: string, server?: ResourceJson | null): StoreResult<boolean>;
  setCursor(value: string, name?: string): StoreResult<void>;
  appendAudit(events: readonly AuditEventInput[]): StoreResult<ChainedAuditEvent[]>;
  markAuditSent(throughSeq: number): StoreResult<number>;
  purgePatient(patientId: string): StoreResult<PurgeSummary>;
  /** Re-encrypts every page under `newKey` (PRAGMA rekey); afterwards only `newKey` opens the file. */
  rekey(newKey: Uint8Array): StoreResult<void>;
  /** Folds the WAL into the main file (e.g. before a backup or on quit). */
  checkpoint(): StoreResult<void>;
}

/** A pull page at least this big is a catch-up page (sync-loop.ts: steady-state pages are 500). */
const BULK_PAGE_CHANGES = 1000;

function validated(resource: unknown, expected?: LanternResource['resourceType']): StoreResult<LanternResource> {
  return validateResource(resource, expected) as StoreResult<LanternResource>;
}

export class LocalStore implements WritableStore {
  constructor(readonly db: StoreDb, private readonly now: () => Date) {}

  get readonly(): boolean {
    return this.db.readonly;
  }

  #try<T>(fn: () => T): StoreResult<T> {
    try {
      return ok(fn());
    } catch (e) {
      return err(toStoreError(e));
    }
  }

  #tryResult<T>(fn: () => StoreResult<T>): StoreResult<T> {
    try {
      return fn();
    } catch (e) {
      return err(toStoreError(e));
    }
  }

  banner(patientId: string): StoreResult<PatientBanner> { return this.#tryResult(() => readBanner(this.db, patientId, this.now())); }
  summary(patientId: string): StoreResult<ChartSummary> { return this.#tryResult(() => readSummary(this.db, patientId, this.now())); }
  openChart(patientId: string): StoreResult<FullChart> { return this.#tryResult(() => readFullChart(this.db, patientId, this.now())); }
  activeProblems(patientId: string): StoreResult<Condition[]> { return this.#try(() => activeProblems(this.db, patientId)); }
  activeMedications(patientId: string): StoreResult<MedicationRequest[]> { return this.#try(() => activeMedications(this.db, patientId)); }
  allergies(patientId: string): StoreResult<AllergyList> { return this.#try(() => allergyList(this.db, patientId)); }
  latestVitals(patientId: string): StoreResult<VitalSign[]> { return this.#try(() => latestVitals(this.db, patientId)); }
  labSeries(patientId: string, loinc: string, category?: string): StoreResult<LabSeries> { return this.#try(() => labSeries(this.db, patientId, loinc, category)); }
  recentLabs(patientId: string): StoreResult<RecentLab[]> { return this.#try(() => recentLabs(this.db, patientId)); }
  notes(patientId: string, limit?: number): StoreResult<NoteListItem[]> { return this.#try(() => notesList(this.db, patientId, limit)); }
  encounters(patientId: string, limit?: number): StoreResult<Encounter[]> { return this.#try(() => encounters(this.db, patientId, limit)); }
  searchPatients(query: string, limit: number, among?: readonly string[]): StoreResult<PatientSearchHit[]> { return this.#try(() => searchPatients(this.db, query, limit, among)); }

  getResource(resourceId: string): StoreResult<LanternResource | null> {
    return this.#try(() => {
      const row = this.db.get<{ json: string }>('SELECT json FROM resources WHERE id = ? AND deleted = 0', resourceId);
      return row === undefined ? null : (JSON.parse(row.json) as LanternResource);
    });
  }

  peekOutbox(limit: number): StoreResult<OutboxEntry[]> { return this.#try(() => peekOutbox(this.db, limit)); }
  outboxSize(): StoreResult<number> { return this.#try(() => outboxSize(this.db)); }
  listConflicts(patientId: string | null): StoreResult<StoredConflict[]> { return this.#try(() => listConflicts(this.db, patientId)); }
  listConflictsOf(userId: string, patientId: string | null): StoreResult<StoredConflict[]> { return this.#try(() => listConflictsOf(this.db, userId, patientId)); }
  conflictsToCloseOnServer(userId: string, limit: number): StoreResult<string[]> { return this.#try(() => conflictsToCloseOnServer(this.db, userId, limit)); }
  getCursor(name = PULL_CURSOR): StoreResult<string | null> { return this.#try(() => getState(this.db, `cursor:${name}`)); }
  getPageToken(name = PULL_CURSOR): StoreResult<string | null> { return this.#try(() => getState(this.db, `page-token:${name}`)); }
  listUnsentAudit(limit: number, afterSeq?: number): StoreResult<ChainedAuditEvent[]> { return this.#try(() => listUnsentAudit(this.db, limit, afterSeq)); }

  integrityCheck(): StoreResult<boolean> {
    return this.#try(() => this.db.raw.pragma('integrity_check', { simple: true }) === 'ok');
  }

  schemaVersion(): StoreResult<number> {
    return this.#try(() => this.db.get<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations')?.v ?? 0);
  }

  #validateChanges(changes: readonly Change[]): StoreResult<{ change: Change; resource: LanternResource | null }[]> {
    const out: { change: Change; resource: LanternResource | null }[] = [];
    for (const change of changes) {
      if (change.resource === null) {
        out.push({ change, resource: null });
        continue;
      }
      const v = validated(change.resource, change.resourceType as LanternResource['resourceType']);
      if (!v.ok) return v;
      if (v.value.id !== change.resourceId) return err(new LanternError('BAD_INPUT', `Change ${change.seq}: resource.id does not match resourceId`));
      out.push({ change, resource: v.value });
    }
    return ok(out);
  }

  upsertChanges(changes: readonly Change[]): StoreResult<UpsertSummary> {
    return this.#tryResult(() => {
      const v = this.#validateChanges(changes);
      if (!v.ok) return v;
      return ok(this.db.write(() => upsertChanges(this.db, v.value)));
    });
  }

  /**
   * With `userId` (a user's own pull on a shared workstation): purges are that user's scope
   * removals, applied first as the server asks, and a chart stays while another user of this
   * workstation has it (user-patients.ts); the patients the page brings are recorded as theirs.
   */
  applyPullPage(page: PullOutput, cursorName = PULL_CURSOR, userId?: string): StoreResult<PullPageSummary> {
    return this.#tryResult(() => {
      const v = this.#validateChanges(page.changes);
      if (!v.ok) return v;
      const applied = this.db.writeRefetchable(() => {
        let purged = 0;
        let keptForOthers = 0;
        for (const p of page.purgePatients) {
          if (userId === undefined) {
            purged += purgePatientRows(this.db, p).resources;
            continue;
          }
          const r = purgeForUser(this.db, userId, p);
          purged += r.resources;
          if (r.keptForOthers) keptForOthers += 1;
        }
        const summary = upsertChanges(this.db, v.value);
        if (userId !== undefined) recordUserPatients(this.db, userId, page.changes.filter((c) => c.resourceType !== 'Practitioner').map((c) => c.patientId));
        setState(this.db, `cursor:${cursorName}`, page.cursor);
        // With the data it stands for: a crash before this commit sends the previous token again.
        if (typeof page.pageToken === 'string') setState(this.db, `page-token:${cursorName}`, page.pageToken);
        else deleteState(this.db, `page-token:${cursorName}`);
        return { ...summary, purged, keptForOthers };
      });
      // A catch-up page fills the page cache with what it just wrote, which nobody is about to
      // read: a first sync would otherwise hold the whole cache (64 MiB) on top of the pages in
      // flight. Handing those pages back keeps the workstation's peak memory to about one page's worth.
      if (page.changes.length >= BULK_PAGE_CHANGES) this.db.releaseCache();
      return ok(applied);
    });
  }

  applyLocalMutation(mutation: Mutation): StoreResult<{ outboxSeq: number }> {
    return this.#tryResult(() => {
      const m = MutationSchema.safeParse(mutation);
      if (!m.success) return err(new LanternError('BAD_INPUT', 'Invalid mutation', { issues: m.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) }));
      let resource: LanternResource | null = null;
      if (m.data.resource !== null) {
        const v = validated(m.data.resource, m.data.resourceType as LanternResource['resourceType']);
        if (!v.ok) return v;
        resource = v.value;
      }
      return ok({ outboxSeq: this.db.write(() => writeLocalMutation(this.db, m.data, resource)) });
    });
  }

  ackOutbox(acks: readonly OutboxAck[]): StoreResult<number> {
    return this.#tryResult(() => {
      const merged: (LanternResource | null)[] = [];
      for (const a of acks) {
        if (a.resource === undefined) {
          merged.push(null);
          continue;
        }
        const v = validated(a.resource);
        if (!v.ok) return v;
        merged.push(v.value);
      }
      return ok(this.db.write(() => ackMutations(this.db, acks, merged)));
    });
  }

  putConflicts(conflicts: readonly ConflictRecord[]): StoreResult<void> {
    return this.#try(() => this.db.write(() => conflicts.forEach((c) => putConflict(this.db, c))));
  }

  resolveConflict(conflictId: string, resolution: string): StoreResult<void> {
    return this.#tryResult(() =>
      this.db.write(() => resolveConflict(this.db, conflictId, resolution, this.now().toISOString()))
        ? ok(undefined)
        : err(new LanternError('NOT_FOUND', 'No open conflict with that id')),
    );
  }

  refuseMutations(refusals: readonly Refusal[]): StoreResult<number> {
    return this.#try(() => this.db.write(() => refusals.filter((r) => recordRefusal(this.db, r)).length));
  }

  markConflictClosedOnServer(conflictId: string): StoreResult<void> {
    return this.#try(() => this.db.write(() => markClosedOnServer(this.db, conflictId)));
  }

  restoreServerCopy(resourceId: string, server?: ResourceJson | null): StoreResult<boolean> {
    return this.#tryResult(() => {
      let copy: LanternResource | null | undefined = undefined;
      if (server === null) copy = null;
      else if (server !== undefined) {
        const v = validated(server);
        if (!v.ok) return v;
        copy = v.value;
      }
      return ok(this.db.write(() => restoreServerCopy(this.db, resourceId, copy)));
    });
  }

  setCursor(value: string, name = PULL_CURSOR): StoreResult<void> {
    return this.#try(() => this.db.write(() => setState(this.db, `cursor:${name}`, value)));
  }

  appendAudit(events: readonly AuditEventInput[]): StoreResult<ChainedAuditEvent[]> {
    return this.#try(() => this.db.write(() => appendAuditEvents(this.db, events)));
  }

  markAuditSent(throughSeq: number): StoreResult<number> { return this.#try(() => this.db.write(() => markAuditSent(this.db, throughSeq))); }

  purgePatient(patientId: string): StoreResult<PurgeSummary> {
    return this.#try(() => this.db.write(() => purgePatientRows(this.db, patientId)));
  }

  rekey(newKey: Uint8Array): StoreResult<void> {
    return this.#tryResult(() => {
      const k = checkKey(newKey, 'The new key');
      if (!k.ok) return k;
      const raw = this.db.raw;
      // SQLite3MC cannot rekey in WAL mode: fold the WAL in, rekey under a rollback journal (so a
      // crash mid-rekey rolls back to the old key), then return to WAL.
      raw.pragma('wal_checkpoint(TRUNCATE)');
      raw.pragma('journal_mode = DELETE');
      try {
        raw.pragma(`rekey=${keyToPragmaLiteral(k.value)}`);
      } finally {
        raw.pragma('journal_mode = WAL');
      }
      return ok(undefined);
    });
  }

  checkpoint(): StoreResult<void> { return this.#try(() => void this.db.raw.pragma('wal_checkpoint(TRUNCATE)')); }

  close(): void {
    this.db.close();
  }
}
