/**
 * The medication gate's per-patient record cache: one per server process (per pool), so a push
 * batch reads what changed in a patient's record since the gate last read it, not the whole
 * record (73 rows for an outpatient chart of 40 medications).
 *
 * Correctness rests on the change feed every write feeds (db/resources.ts, db/settled-seq.ts): every
 * insert or update of a resource row, a delete's tombstone included, draws a new `change_seq`, and
 * `safeChangeSeq` returns a seq at or below which every writer has committed or rolled back. An
 * entry read with watermark W therefore holds every row of the patient with seq <= W, and the next
 * read asks for the rows with seq > W only: a write committed before the order by this process, by
 * another app server sharing the database, or by the FHIR API, is always read, whatever order the
 * writers committed in. Nothing is invalidated by hand, so no write path can forget to.
 *
 * Entries are immutable once stored: a batch works on a copy (patient-contexts.ts), so a batch
 * that rolls back never leaves its writes in the cache; they come back, committed, from the feed.
 *
 * What this process itself committed need not come back from the feed: after a push commits, the
 * rows it wrote are applied to the cached records in place (noteCommitted) and marked `own` with
 * their version. A read that goes to the feed still asks for every row changed after the
 * watermark, but a row whose current version is the marked one comes back without its content (it
 * is what the cache holds), and then the mark is dropped (or once the watermark passes the marked
 * rows' seqs, below). A row written again by anyone else has a higher version, so it is read in
 * full as before: the marks save the re-read, never a change.
 *
 * Most batches need no read of the feed at all. The cache keeps the change seqs its process's
 * pushes drew and committed (own-change-seqs.ts). When every seq after a record's watermark, up
 * to the new one, is one of them, nobody else changed anything in that range, and the record
 * already holds every own write in it (applied in place at its commit): it is current as it is,
 * and only the watermark moves. A number drawn by anyone else, or by a transaction that rolled
 * back, is a gap, and the record is read from the feed as above. One case needs more: an own
 * write whose place in the record is not certain, because it could not be applied in place (the
 * record had been replaced since the batch began) or because a read of its patient was in flight
 * at its commit (that read may store a record without it, with a lower watermark). The patient is then
 * `unsure` up to the write's seq, and read from the feed until a record at or past that seq is stored.
 */
import { ageInYears } from '@lantern/core/chart';
import { BODY_HEIGHT_LOINC, BODY_WEIGHT_LOINC, CREATININE_LOINC, EGFR_LOINC, prepareChart, reprepareChart, type PatientContext, type PreparedChart } from '@lantern/core/cds';
import type pg from 'pg';
import { safeChangeSeq, type SeqRuns } from '../db/resources.ts';
import { extractSearchColumns } from '../db/search-columns.ts';
import { chartFor, withLaggingOrder, type BuiltChart } from './carried-context.ts';
import { OwnChangeSeqs } from './own-change-seqs.ts';
import { RecordRows } from './record-rows.ts';

type Json = Record<string, unknown>;

/** The same selection as the CDS Hooks store prefetch (cds-hooks/store-prefetch.ts). */
const LAB_CODES = [...EGFR_LOINC, ...CREATININE_LOINC, ...BODY_WEIGHT_LOINC, ...BODY_HEIGHT_LOINC].map((c) => `http://loinc.org|${c}`);
const MEDICATION_STATUSES = ['active', 'on-hold'];

/** One cached patient record: `Type/id` -> resource, and the Patient resource itself. */
export interface CachedRecord {
  readonly watermark: bigint;
  readonly resources: RecordRows;
  readonly patient: Json | null;
  /**
   * `Type/id` -> version of the rows this process committed and applied in place since the
   * watermark (see the file comment); absent when there are none.
   */
  readonly own?: ReadonlyMap<string, number>;
  /** The highest change seq of the rows marked in `own`, when known: once the watermark passes it, the marks are dropped. */
  readonly ownThrough?: bigint;
  /**
   * The chart prepared for the engine (cds prepared-chart.ts) from this record, once a batch has
   * needed it: the orders resolved, and what the rules derive from the chart (coded problems,
   * allergies, kidney function) kept with the record across pushes; orders written since wait in
   * its `lag` until a check needs them (carried-context.ts).
   */
  built: BuiltChart | null;
}

/**
 * The prepared chart of `record` as of `now` for a check of order `draftId` (undefined: the chart
 * of the record as it is): built once per record; only the age depends on the clock.
 */
export function cachedChart(record: CachedRecord, now: string, build: () => PatientContext, draftId?: string): PreparedChart {
  const b = record.built;
  if (b === null) {
    const chart = prepareChart(build());
    record.built = { now, chart };
    return chart;
  }
  const ready = builtAt(chartFor(b, draftId), record.patient, now);
  if (ready !== b) record.built = ready;
  return ready.chart;
}

/** Whether two instants, both written in UTC ('Z', as Date.toISOString writes them), fall on one calendar day. */
const sameUtcDay = (a: string, b: string): boolean => a.endsWith('Z') && b.endsWith('Z') && a.length >= 10 && a.slice(0, 10) === b.slice(0, 10);

/**
 * A built chart as of `now`: the same one while `now` is on the same UTC day as the time it was
 * built for (the clock moves the age only, which counts whole days: core ageInYears), so a
 * patient's chart is not re-aged on every push.
 */
export function builtAt(built: BuiltChart, patient: Json | null, now: string): BuiltChart {
  if (built.now === now || sameUtcDay(built.now, now)) return built;
  const chart = chartAtClock(built.chart, patient, now);
  return built.lag === undefined ? { now, chart } : { now, chart, lag: built.lag };
}

/** A chart prepared at another time, as of `now`: the same chart unless the patient's age differs. */
export function chartAtClock(chart: PreparedChart, patient: Json | null, now: string): PreparedChart {
  const birthDate = patient?.['birthDate'];
  const ageYears = ageInYears(typeof birthDate === 'string' ? birthDate : undefined, now) ?? Number.NaN;
  return Object.is(ageYears, chart.context.ageYears) ? chart : reprepareChart(chart, { ...chart.context, ageYears });
}

/** One row of the change feed (readChanges). */
interface ChangedRow {
  patient_id: string;
  resource_type: string;
  id: string;
  /** False: deleted, or no longer something the engine reads (a stopped order, another lab). */
  relevant: boolean;
  /** The current row is the version this process applied in place (its content is not sent). */
  own?: boolean;
  /** Null when not relevant or own. Checked for being a JSON object only: it was validated as FHIR when it was written. */
  resource: Json | null;
}

const isJsonObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A row as the query returns it, checked field by field (the query's own output: a schema
 * library's parse would copy each row, on every batch).
 */
function changedRow(row: Record<string, unknown>): ChangedRow {
  const { patient_id: patientId, resource_type: type, id, relevant, own, resource } = row;
  if (typeof patientId !== 'string' || typeof type !== 'string' || typeof id !== 'string' || typeof relevant !== 'boolean' || typeof own !== 'boolean') {
    throw new Error('medication gate: unexpected change feed row');
  }
  if (!relevant || own) return { patient_id: patientId, resource_type: type, id, relevant, own, resource: null };
  if (!isJsonObject(resource)) throw new Error('medication gate: a stored resource that is not a JSON object');
  return { patient_id: patientId, resource_type: type, id, relevant, own, resource };
}

/** `Type/id@version` marks of one record's rows applied in place, as readChanges matches them (ids and types hold no comma). */
const marksOf = (own: ReadonlyMap<string, number> | undefined): string => {
  if (own === undefined || own.size === 0) return '';
  let out = ',';
  for (const [k, v] of own) out += `${k}@${v},`;
  return out;
};

/**
 * Rows of these patients changed after each one's watermark (0: the whole record, relevant rows
 * only). One set-based query on the (patient_id, seq) index. `marks`: per patient, the rows applied
 * in place (marksOf), matched per row with one strpos, so the cost does not grow with the batch.
 */
async function readChanges(pool: pg.Pool, ids: readonly string[], after: readonly bigint[], types: readonly string[], marks: readonly string[]): Promise<ChangedRow[]> {
  const text = `SELECT patient_id, resource_type, id, relevant, own, CASE WHEN own OR NOT relevant THEN NULL ELSE resource END AS resource FROM (
       SELECT r.patient_id::text, r.resource_type, r.id, w.after,
         (NOT r.deleted AND (
           (r.resource_type = 'Patient' AND r.id = r.patient_id::text)
           OR r.resource_type IN ('AllergyIntolerance', 'Condition', 'ServiceRequest')
           OR (r.resource_type = 'MedicationRequest' AND r.status = ANY($4::text[]))
           OR (r.resource_type = 'Observation' AND r.codes && $5::text[]))) AS relevant,
         (w.marks <> '' AND strpos(w.marks, ',' || r.resource_type || '/' || r.id || '@' || r.version::text || ',') > 0) AS own,
         r.resource
       FROM unnest($1::uuid[], $2::bigint[], $6::text[]) AS w(patient_id, after, marks)
       -- Per patient, on the (patient_id, seq) index alone: OFFSET 0 keeps the planner from
       -- flattening this into a join, and the type filter outside keeps it from combining the
       -- index with the one on type (both would read every patient's rows of these types).
       CROSS JOIN LATERAL (SELECT * FROM resources
         WHERE resources.patient_id = w.patient_id AND resources.seq > w.after OFFSET 0) r
       WHERE r.resource_type = ANY($3::text[])) x
     WHERE x.relevant OR x.after > 0`;
  const values = [ids, after.map(String), types, MEDICATION_STATUSES, LAB_CODES, marks];
  const r = await pool.query({ name: 'medication-gate-record-changes', text, values });
  return (r.rows as Record<string, unknown>[]).map(changedRow);
}

export class PatientContextCache {
  /** Insertion order is recency order (a hit moves the entry to the end). */
  private readonly entries = new Map<string, CachedRecord>();
  /** The change seqs this process's pushes drew and committed (see the file comment). */
  private readonly ownSeqs = new OwnChangeSeqs();
  /** Patient -> the seq up to which a record must have been read before it is current without the feed (see the file comment). */
  private readonly unsure = new Map<string, bigint>();
  /** The patients of each call of `records` between its start and its last store. */
  private readonly readsInFlight = new Set<ReadonlySet<string>>();
  /** Records read from the change feed, and records found current without it (for tests and the bench). */
  readonly reads = { fromFeed: 0, current: 0 };

  constructor(private readonly maxPatients = 1000) {}

  /**
   * The current records of these patients: cached ones brought up to date from the change feed
   * (or, when nothing but this process's own pushes has changed anything since, as they are),
   * the others read whole. Must not be called inside a transaction that has written resources
   * (safeChangeSeq waits for every writer to finish).
   */
  async records(pool: pg.Pool, patientIds: readonly string[], types: readonly string[]): Promise<Map<string, CachedRecord>> {
    const out = new Map<string, CachedRecord>();
    if (patientIds.length === 0) return out;
    if (this.readsInFlight.size === 0 && this.unsure.size > this.maxPatients) this.pruneUnsure();
    const reading: ReadonlySet<string> = new Set(patientIds);
    this.readsInFlight.add(reading);
    try {
      // Taken BEFORE the read: every row at or below it is committed, so the read below sees it.
      const watermark = BigInt(await safeChangeSeq(pool));
      const toRead: string[] = [];
      /** Per watermark: whether only own pushes drew seqs after it (records read together share one). */
      const covered = new Map<bigint, boolean>();
      for (const id of patientIds) {
        const e = this.entries.get(id);
        if (e === undefined || (this.unsure.get(id) ?? 0n) > e.watermark) {
          toRead.push(id);
          continue;
        }
        let only = covered.get(e.watermark);
        if (only === undefined) {
          only = this.ownSeqs.covers(e.watermark, watermark);
          covered.set(e.watermark, only);
        }
        if (!only) {
          toRead.push(id);
          continue;
        }
        const keepMarks = e.own !== undefined && (e.ownThrough === undefined || e.ownThrough > watermark);
        const record = recordOf(maxOf(e.watermark, watermark), e.resources, e.patient, e.built, keepMarks ? e.own : undefined, keepMarks ? e.ownThrough : undefined);
        out.set(id, record);
        this.store(id, record);
      }
      this.reads.current += patientIds.length - toRead.length;
      this.reads.fromFeed += toRead.length;
      if (toRead.length > 0) await this.readFromFeed(pool, toRead, types, watermark, out, reading);
      return out;
    } finally {
      this.readsInFlight.delete(reading);
    }
  }

  /** The records of these patients brought up to date from the change feed, after the watermark each was read at. */
  private async readFromFeed(pool: pg.Pool, patientIds: readonly string[], types: readonly string[], watermark: bigint, out: Map<string, CachedRecord>, reading: ReadonlySet<string>): Promise<void> {
    const known = patientIds.map((id) => this.entries.get(id));
    const rows = await readChanges(pool, patientIds, known.map((e) => e?.watermark ?? 0n), types, known.map((e) => marksOf(e?.own)));
    const changed = new Map<string, ChangedRow[]>();
    /** Rows applied in place that the feed has now passed (their marks are dropped). */
    const confirmed = new Map<string, string[]>();
    for (const row of rows) {
      if (row.own === true) {
        const list = confirmed.get(row.patient_id);
        if (list === undefined) confirmed.set(row.patient_id, [`${row.resource_type}/${row.id}`]);
        else list.push(`${row.resource_type}/${row.id}`);
        continue;
      }
      const list = changed.get(row.patient_id);
      if (list === undefined) changed.set(row.patient_id, [row]);
      else list.push(row);
    }
    patientIds.forEach((id, i) => {
      const prior = withoutMarks(known[i], confirmed.get(id));
      const delta = changed.get(id) ?? [];
      const record = prior !== undefined && delta.length === 0 ? recordOf(maxOf(prior.watermark, watermark), prior.resources, prior.patient, prior.built, prior.own, prior.ownThrough) : applyChanges(prior, id, delta, watermark);
      out.set(id, record);
      this.store(id, record);
      // Read from the feed at or past the unsure write: certain, once no other read of the patient
      // that began before it is still in flight.
      const unsure = this.unsure.get(id);
      if (unsure !== undefined && !this.beingRead(id, reading) && (this.entries.get(id)?.watermark ?? 0n) >= unsure) this.unsure.delete(id);
    });
  }

  /** Whether a call of `records` other than `except` that has not stored its records yet reads this patient. */
  private beingRead(id: string, except?: ReadonlySet<string>): boolean {
    for (const r of this.readsInFlight) if (r !== except && r.has(id)) return true;
    return false;
  }

  /**
   * Drops the unsure marks no longer needed: with no read in flight, every later read takes a
   * watermark past them, so only a cached record read before one still needs it.
   */
  private pruneUnsure(): void {
    for (const [id, seq] of this.unsure) {
      const e = this.entries.get(id);
      if (e === undefined || e.watermark >= seq) this.unsure.delete(id);
    }
  }

  /**
   * The cached records of these patients as they are now: taken before a transaction writes, and
   * handed back to noteCommitted after its commit (see there).
   */
  snapshot(patientIds: Iterable<string>): Map<string, CachedRecord> {
    const out = new Map<string, CachedRecord>();
    for (const id of patientIds) {
      const e = this.entries.get(id);
      if (e !== undefined) out.set(id, e);
    }
    return out;
  }

  /**
   * Rows a transaction of this process has COMMITTED (never before the commit: a rollback would
   * leave them in the cache), applied in place to the cached records of their patients, so the
   * next read does not fetch them again. Only to a record still the one `before` (snapshot) held
   * when the transaction started: that record was read before these writes, so it holds nothing
   * newer than them; a record read or changed since may already hold a later version by another
   * writer, and is left to the feed. `types`: the types the cache holds (as given to `records`).
   */
  noteCommitted(before: ReadonlyMap<string, CachedRecord>, writes: readonly CommittedRow[], types: ReadonlySet<string>, drawn: SeqRuns): void {
    this.ownSeqs.addRuns(drawn);
    const through = drawn.length === 0 ? undefined : (drawn[drawn.length - 1] as readonly [bigint, bigint])[1];
    const anyRead = this.readsInFlight.size > 0;
    const byPatient = new Map<string, CommittedRow[]>();
    for (const w of writes) {
      // A patient with no record, cached or being read: the next read reads it whole, past these writes.
      if (!types.has(w.resourceType) || !(anyRead || before.has(w.patientId) || this.entries.has(w.patientId))) continue;
      const list = byPatient.get(w.patientId);
      if (list === undefined) byPatient.set(w.patientId, [w]);
      else list.push(w);
    }
    for (const [id, list] of byPatient) {
      const prior = before.get(id);
      const current = this.entries.get(id);
      // Same watermark and place in the recency order; a concurrent read may still replace it.
      const applied = prior !== undefined && current === prior;
      if (applied) this.entries.set(id, applyOwnWrites(prior, id, list, through));
      // Not applied, or a read in flight may yet store a record without it: the record must be read
      // past it before it is current without the feed. (No record and no read in flight: the next
      // read reads it whole, past it.)
      if (through !== undefined && ((!applied && current !== undefined) || (anyRead && this.beingRead(id)))) {
        const u = this.unsure.get(id);
        if (u === undefined || u < through) this.unsure.set(id, through);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private store(id: string, record: CachedRecord): void {
    const current = this.entries.get(id);
    // A slower concurrent batch must not put an older record back.
    if (current !== undefined && current.watermark > record.watermark) return;
    this.entries.delete(id);
    this.entries.set(id, record);
    while (this.entries.size > this.maxPatients) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }
}

const maxOf = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/**
 * A cached record written out field by field: one is made per patient per batch, and on Node 20 a
 * spread followed by more properties takes V8's slow path.
 */
function recordOf(watermark: bigint, resources: RecordRows, patient: Json | null, built: BuiltChart | null, own: ReadonlyMap<string, number> | undefined, ownThrough: bigint | undefined): CachedRecord {
  if (own === undefined || own.size === 0) return { watermark, resources, patient, built };
  return ownThrough === undefined ? { watermark, resources, patient, own, built } : { watermark, resources, patient, own, ownThrough, built };
}

/** One row a committed transaction wrote, as stored (resource null: deleted). */
export interface CommittedRow {
  patientId: string;
  resourceType: string;
  id: string;
  version: number;
  resource: Json | null;
}

/** The record without the marks of rows the feed has passed. */
function withoutMarks(record: CachedRecord | undefined, keys: readonly string[] | undefined): CachedRecord | undefined {
  if (record === undefined || keys === undefined || record.own === undefined) return record;
  // Usually every mark is passed (the batch's own writes, read back by the next batch): no copy.
  // The keys are distinct (one row per record).
  let passed = 0;
  for (const k of keys) if (record.own.has(k)) passed += 1;
  let own: Map<string, number> | undefined;
  if (passed < record.own.size) {
    own = new Map(record.own);
    for (const k of keys) own.delete(k);
  }
  return recordOf(record.watermark, record.resources, record.patient, record.built, own, record.ownThrough);
}

/** Whether the change feed would hand this row to the engine (readChanges' `relevant`, in Node). */
function relevantRow(w: CommittedRow): boolean {
  const r = w.resource;
  if (r === null) return false;
  switch (w.resourceType) {
    case 'Patient':
      return w.id === w.patientId;
    case 'AllergyIntolerance':
    case 'Condition':
    case 'ServiceRequest':
      return true;
    case 'MedicationRequest':
      return MEDICATION_STATUSES.includes(String(r['status']));
    case 'Observation':
      return extractSearchColumns(r).codes.some((c) => LAB_CODE_SET.has(c));
    default:
      return false;
  }
}
const LAB_CODE_SET = new Set(LAB_CODES);

/**
 * A cached record with rows this process committed applied in place and marked (exported for its
 * tests). `through`: the highest change seq the writes drew, when known.
 */
export function applyOwnWrites(prior: CachedRecord, patientId: string, writes: readonly CommittedRow[], through?: bigint): CachedRecord {
  const own = new Map(prior.own ?? []);
  const delta: ChangedRow[] = [];
  for (const w of writes) {
    const k = `${w.resourceType}/${w.id}`;
    // A batch may write one record more than once: the last version stands.
    if ((own.get(k) ?? 0) >= w.version) continue;
    own.set(k, w.version);
    const relevant = relevantRow(w);
    delta.push({ patient_id: patientId, resource_type: w.resourceType, id: w.id, relevant, resource: relevant ? w.resource : null });
  }
  if (delta.length === 0) return prior;
  const next = applyChanges(prior, patientId, delta, prior.watermark);
  // Marks of unknown seq keep the marks from being dropped by seq alone (the feed still confirms them).
  const ownThrough = through === undefined || (prior.own !== undefined && prior.own.size > 0 && prior.ownThrough === undefined) ? undefined : maxOf(prior.ownThrough ?? 0n, through);
  return recordOf(next.watermark, next.resources, next.patient, next.built, own, ownThrough);
}

/** A cached record brought forward by the rows changed since it was read (exported for its tests). */
export function applyChanges(prior: CachedRecord | undefined, patientId: string, delta: readonly ChangedRow[], watermark: bigint): CachedRecord {
  let patient = prior?.patient ?? null;
  const changes: [string, Json | null][] = [];
  for (const row of delta) {
    if (row.resource_type === 'Patient') {
      if (row.id === patientId) patient = row.resource;
      continue;
    }
    changes.push([`${row.resource_type}/${row.id}`, row.resource]);
  }
  const rows = prior === undefined ? RecordRows.EMPTY.with(changes) : prior.resources.with(changes);
  // A row read from the feed is newer than (or the same as) any version applied in place.
  let own = prior?.own;
  if (own !== undefined && own.size > 0) {
    const left = new Map(own);
    for (const row of delta) left.delete(`${row.resource_type}/${row.id}`);
    own = left;
  }
  return recordOf(maxOf(prior?.watermark ?? 0n, watermark), rows, patient, carriedContext(prior?.built ?? null, delta), own, prior?.ownThrough);
}

/**
 * The prior chart kept, with the changed orders waiting to be carried in, when medication orders
 * are all that changed (the common case: the orders a clinician signs); the orders that did not
 * change stay resolved. Anything else changed: null, the chart is built afresh.
 */
function carriedContext(prior: CachedRecord['built'], delta: readonly ChangedRow[]): CachedRecord['built'] {
  if (prior === null || delta.some((r) => r.resource_type !== 'MedicationRequest')) return null;
  let built = prior;
  for (const row of delta) built = withLaggingOrder(built, row.id, row.resource);
  return built;
}

const caches = new WeakMap<pg.Pool, PatientContextCache>();

/** The cache of one server process's pool (each app instance has its own). */
export function patientContextCacheOf(pool: pg.Pool): PatientContextCache {
  let c = caches.get(pool);
  if (c === undefined) {
    c = new PatientContextCache();
    caches.set(pool, c);
  }
  return c;
}
