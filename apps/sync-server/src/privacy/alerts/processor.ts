/**
 * Suspicious-access alerts (HIPAA 164.308(a)(1)(ii)(D) information system activity review),
 * computed from the central audit chain in seq order. An event ingested late from an offline
 * workstation gets a new seq when it arrives, so it is judged like any other, on the device time
 * at which the access happened. One processor at a time (advisory lock); the cursor moves in the
 * same transaction as the alerts it produced, so a crash neither loses nor repeats a judgement.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { settledAuditSeq } from '../../db/audit-log.ts';
import type { PrivacyAlertThresholds } from '../thresholds.ts';
import { AlertHistoryCache } from './history-cache.ts';
import { addressKeyOfText, addressKeys, familyNames, normalise, sharesAny } from './identity-match.ts';
import { hourIn, usualHours } from './usual-hours.ts';

export const ALERT_KINDS = ['same-surname', 'same-address', 'after-hours', 'many-charts', 'repeated-denials', 'break-glass-frequency', 'restricted-patient'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Arbitrary constant: advisory lock key of the alert processor. */
const PROCESSOR_LOCK = 7_345_010;
/**
 * Events read per round: a workstation's ingest batch (5,000), so catching up after one costs one
 * round of the per-user queries below, not several.
 */
const BATCH = 5000;
/** Events kept per alert: enough to show what happened, bounded for a runaway pattern. */
const MAX_SEQS = 200;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Actions that touch a patient's record (chart views, reads, searches, writes, exports, CDS). */
const ACCESS_ACTIONS = new Set(['chart-view', 'resource-read', 'search', 'resource-create', 'resource-update', 'resource-delete', 'note-sign', 'order-sign', 'cds-override', 'break-glass', 'export', 'conflict-resolve']);

/**
 * Reads a workstation makes on its own, not a person looking: the sync loop pulling its user's scope
 * (sync/pull.ts audits one read per patient per page as `via: sync.pull`). They are disclosures and
 * stay in the reports, and a restricted patient's record leaving the server is still reported; but
 * they say nothing about where a person's attention went, so the behavioural heuristics (surname,
 * address, hours, many distinct charts) leave them out: a first sync of a 200-patient unit is not
 * snooping.
 */
const MACHINE_READS = new Set(['sync.pull']);
/** SQL: the event is a person's access (its `via` is not one of MACHINE_READS, passed as parameter `$n`). */
const personOnly = (n: number): string => `NOT coalesce(detail->>'via' = ANY($${n}::text[]), false)`;

const EventRow = z.object({
  seq: z.coerce.number().int(),
  user_id: z.string(),
  patient_id: z.string().nullable(),
  action: z.string(),
  outcome: z.string(),
  at: z.date(),
  grant: z.boolean(),
  machine: z.boolean(),
});
type Fact = z.output<typeof EventRow>;

interface Candidate {
  kind: AlertKind;
  userId: string;
  patientId: string | null;
  key: string;
  occurredAt: Date;
  seqs: number[];
  detail: Record<string, string | number | boolean>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The UTC day of an instant, as YYYY-MM-DD; the last answer is kept (a round's events fall on a few days). */
let lastDay = { day: NaN, text: '' };
function dayOf(d: Date): string {
  const day = Math.floor(d.getTime() / DAY);
  if (day !== lastDay.day) lastDay = { day, text: d.toISOString().slice(0, 10) };
  return lastDay.text;
}
const hourBucket = (d: Date) => Math.floor(d.getTime() / HOUR);

/** The seqs each candidate of a round already holds (an after-hours day can gather thousands). */
const seqsHeld = new WeakMap<Candidate, Set<number>>();

function add(out: Map<string, Candidate>, c: Candidate): void {
  const had = out.get(c.key);
  if (had === undefined) {
    out.set(c.key, c);
    return;
  }
  let held = seqsHeld.get(had);
  if (held === undefined) {
    held = new Set(had.seqs);
    seqsHeld.set(had, held);
  }
  for (const s of c.seqs) {
    if (held.has(s)) continue;
    held.add(s);
    had.seqs.push(s);
  }
  had.detail = c.detail;
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const l = m.get(k);
    if (l === undefined) m.set(k, [x]);
    else l.push(x);
  }
  return m;
}

/** Per database: the history aggregates of this process's last round (history-cache.ts). */
const caches = new WeakMap<pg.Pool, AlertHistoryCache>();

/** Hour-of-day counts of a user's person accesses to patients over [$2, $3). */
const HOURS_SQL = `SELECT extract(hour FROM audit.instant(recorded_at) AT TIME ZONE $4)::int AS h, count(*)::int AS n FROM audit.events
  WHERE user_id = $1 AND audit.instant(recorded_at) >= $2 AND audit.instant(recorded_at) < $3 AND patient_id IS NOT NULL AND ${personOnly(5)} GROUP BY 1`;

/**
 * A round's transaction. The next events are read in seq order through the primary key, stopping
 * at BATCH: rows appended since the last ANALYZE are always estimated as a handful, so the planner
 * would rather fetch every row after the cursor through a bitmap and sort them, reading a backlog
 * whole each round (with 30,000 behind, the ordered scan reads a sixth of the pages).
 */
export const ROUND_BEGIN_SQL = 'BEGIN; SET LOCAL enable_bitmapscan = off';

/** The next events after the cursor ($1) up to the settled seq ($3); $2: MACHINE_READS. */
export const NEXT_EVENTS_SQL = `SELECT seq, user_id, patient_id, action, outcome, audit.instant(recorded_at) AS at, (action = 'break-glass' AND outcome = 'success' AND detail ? 'grantId') AS "grant",
    coalesce(detail->>'via' = ANY($2::text[]), false) AS machine
  FROM audit.events WHERE seq > $1 AND seq <= $3 ORDER BY seq LIMIT ${BATCH}`;

/** Processes the audit events after the cursor; returns how many were read (0: caught up, or another processor holds the lock). */
export async function processAlerts(pool: pg.Pool, t: PrivacyAlertThresholds, now: Date): Promise<number> {
  // The audit chains commit independently, out of seq order: read only up to the settled seq
  // (db/audit-log.ts), so an event that commits late with a lower seq is never skipped.
  const settled = await settledAuditSeq(pool);
  let cache = caches.get(pool);
  if (cache === undefined) {
    cache = new AlertHistoryCache();
    caches.set(pool, cache);
  }
  const c = await pool.connect();
  try {
    await c.query(ROUND_BEGIN_SQL);
    const locked = await c.query('SELECT pg_try_advisory_xact_lock($1) AS ok', [PROCESSOR_LOCK]);
    if ((locked.rows[0] as { ok: boolean }).ok !== true) {
      await c.query('ROLLBACK');
      return 0;
    }
    const cursor = z.coerce.number().parse((await c.query('SELECT seq FROM privacy_alert_cursor WHERE id = 1')).rows[0]?.seq);
    const r = await c.query(NEXT_EVENTS_SQL, [cursor, [...MACHINE_READS], settled]);
    const facts = r.rows.map((row) => EventRow.parse(row)).filter((e) => UUID.test(e.user_id));
    const last = r.rows.length === 0 ? cursor : z.coerce.number().parse((r.rows[r.rows.length - 1] as { seq: unknown }).seq);
    cache.begin(cursor, t, facts);
    if (r.rows.length > 0) {
      const found = new Map<string, Candidate>();
      await judge(c, facts, t, found, cache);
      for (const a of found.values()) {
        await c.query(
          `INSERT INTO privacy_alerts (id, kind, user_id, patient_id, dedupe_key, occurred_at, raised_at, event_seqs, detail)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (dedupe_key) DO UPDATE SET
             event_seqs = CASE WHEN cardinality(privacy_alerts.event_seqs) >= ${MAX_SEQS} THEN privacy_alerts.event_seqs
                          ELSE (SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(privacy_alerts.event_seqs || EXCLUDED.event_seqs) AS x) END,
             detail = EXCLUDED.detail`,
          [randomUUID(), a.kind, a.userId, a.patientId, a.key, a.occurredAt, now, a.seqs.slice(0, MAX_SEQS), JSON.stringify(a.detail)],
        );
      }
      await c.query('UPDATE privacy_alert_cursor SET seq = $1 WHERE id = 1', [last]);
    }
    await c.query('COMMIT');
    cache.committed(last, t);
    return r.rows.length;
  } catch (e) {
    cache.failed();
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

/**
 * The hour histogram of the user's accesses over the baseline days before `end`: the previous
 * round's histogram moved forward (what entered the window added, what left it taken away), or
 * read whole when there is none.
 */
async function hourHistogram(c: pg.ClientBase, cache: AlertHistoryCache, userId: string, end: Date, t: PrivacyAlertThresholds): Promise<Map<number, number>> {
  const span = t.baselineDays * DAY;
  const to = end.getTime();
  const kept = cache.hours(userId);
  const counts = new Map(kept === null || to < kept.end ? [] : kept.counts);
  const add = async (from: number, until: number, sign: 1 | -1) => {
    if (until <= from) return;
    const r = await c.query(HOURS_SQL, [userId, new Date(from), new Date(until), t.timeZone, [...MACHINE_READS]]);
    for (const x of r.rows as { h: number; n: number }[]) counts.set(x.h, (counts.get(x.h) ?? 0) + sign * x.n);
  };
  if (kept === null || to < kept.end) await add(to - span, to, 1);
  else {
    await add(kept.end, to, 1);
    await add(kept.end - span, to - span, -1);
  }
  for (const [h, n] of counts) if (n <= 0) counts.delete(h);
  cache.setHours(userId, { end: to, counts });
  return counts;
}

async function judge(c: pg.ClientBase, facts: readonly Fact[], t: PrivacyAlertThresholds, out: Map<string, Candidate>, cache: AlertHistoryCache): Promise<void> {
  const disclosed = facts.filter((e) => e.patient_id !== null && e.outcome === 'success' && ACCESS_ACTIONS.has(e.action));
  // What a person looked at (see MACHINE_READS).
  const access = disclosed.filter((e) => !e.machine);
  const patients = [...new Set(disclosed.map((e) => e.patient_id ?? ''))].filter((p) => UUID.test(p));
  const users = [...new Set(access.map((e) => e.user_id))];

  // Restricted patients (VIP, staff): every access is reported.
  const restricted = new Map((await c.query('SELECT patient_id::text AS p, kind FROM restricted_patients WHERE patient_id = ANY($1::uuid[])', [patients])).rows
    .map((x) => [String((x as { p: string }).p), String((x as { kind: string }).kind)]));
  for (const e of disclosed) {
    const kind = restricted.get(e.patient_id ?? '');
    if (kind !== undefined) add(out, { kind: 'restricted-patient', userId: e.user_id, patientId: e.patient_id, key: `restricted|${e.user_id}|${e.patient_id}|${dayOf(e.at)}`, occurredAt: e.at, seqs: [e.seq], detail: { restriction: kind } });
  }

  // Same surname or address as the user (staff-as-patient, family lookups).
  if (users.length > 0 && patients.length > 0) {
    const staff = new Map((await c.query(
      `SELECT u.id::text AS id, u.family_name, u.home_address, pr.resource->'name' AS pname, pr.resource->'address' AS paddr
       FROM users u LEFT JOIN resources pr ON pr.resource_type = 'Practitioner' AND pr.id = u.practitioner_id::text AND NOT pr.deleted
       WHERE u.id = ANY($1::uuid[])`, [users],
    )).rows.map((x) => {
      const row = x as { id: string; family_name: string | null; home_address: string | null; pname: unknown; paddr: unknown };
      const families = row.family_name === null ? familyNames(row.pname) : [normalise(row.family_name)];
      return [row.id, { families, addresses: [...addressKeyOfText(row.home_address), ...addressKeys(row.paddr)] }] as const;
    }));
    const pats = new Map((await c.query(
      "SELECT patient_id::text AS p, resource->'name' AS name, resource->'address' AS address FROM resources WHERE resource_type = 'Patient' AND patient_id = ANY($1::uuid[]) AND NOT deleted", [patients],
    )).rows.map((x) => {
      const row = x as { p: string; name: unknown; address: unknown };
      return [row.p, { families: familyNames(row.name), addresses: addressKeys(row.address) }] as const;
    }));
    for (const e of access) {
      const u = staff.get(e.user_id);
      const p = pats.get(e.patient_id ?? '');
      if (u === undefined || p === undefined) continue;
      if (sharesAny(u.families, p.families)) add(out, { kind: 'same-surname', userId: e.user_id, patientId: e.patient_id, key: `same-surname|${e.user_id}|${e.patient_id}|${dayOf(e.at)}`, occurredAt: e.at, seqs: [e.seq], detail: { match: 'surname' } });
      if (sharesAny(u.addresses, p.addresses)) add(out, { kind: 'same-address', userId: e.user_id, patientId: e.patient_id, key: `same-address|${e.user_id}|${e.patient_id}|${dayOf(e.at)}`, occurredAt: e.at, seqs: [e.seq], detail: { match: 'address' } });
    }
  }

  for (const [userId, mine] of groupBy(access, (e) => e.user_id)) {
    // Outside the user's usual hours (their own history, or the default hours).
    const earliest = mine.reduce((a, b) => (b.at < a.at ? b : a)).at;
    const usual = usualHours(await hourHistogram(c, cache, userId, earliest, t), t);
    // One candidate per day, as if each event had been added alone (add keeps the first time and
    // the last event's hour): a round after a day offline holds thousands of after-hours events.
    const usualText = [...usual].sort((a, b) => a - b).join(',');
    const days = new Map<string, Candidate>();
    for (const e of mine) {
      const h = hourIn(e.at, t.timeZone);
      if (usual.has(h)) continue;
      const day = dayOf(e.at);
      const had = days.get(day);
      if (had === undefined) days.set(day, { kind: 'after-hours', userId, patientId: null, key: `after-hours|${userId}|${day}`, occurredAt: e.at, seqs: [e.seq], detail: { hour: h, usualHours: usualText } });
      else {
        had.seqs.push(e.seq);
        had.detail = { hour: h, usualHours: usualText };
      }
    }
    for (const candidate of days.values()) add(out, candidate);

    // Unusually many distinct charts in one hour, against the user's own hourly average.
    for (const [bucket, inHour] of groupBy(mine, (e) => String(hourBucket(e.at)))) {
      const hour = Number(bucket);
      const start = new Date(hour * HOUR);
      // The hour's distinct charts and the baseline before it, each read once and then kept
      // (history-cache.ts): later rounds add their own events to the hour's charts.
      let charts = cache.charts(userId, hour);
      if (charts === undefined) {
        const q = await c.query(
          `SELECT DISTINCT patient_id FROM audit.events WHERE user_id = $1 AND patient_id IS NOT NULL AND audit.instant(recorded_at) >= $2 AND audit.instant(recorded_at) < $3 AND ${personOnly(4)}`,
          [userId, start, new Date(start.getTime() + HOUR), [...MACHINE_READS]],
        );
        charts = new Set(z.array(z.object({ patient_id: z.string() })).parse(q.rows).map((x) => x.patient_id));
        cache.setCharts(userId, hour, charts);
      }
      let baseline = cache.baseline(userId, hour);
      if (baseline === undefined) {
        const q = await c.query(
          `SELECT coalesce(avg(k), 0)::float AS baseline FROM (SELECT count(DISTINCT patient_id) AS k FROM audit.events
             WHERE user_id = $1 AND patient_id IS NOT NULL AND audit.instant(recorded_at) >= $3 AND audit.instant(recorded_at) < $2 AND ${personOnly(4)}
             GROUP BY date_trunc('hour', audit.instant(recorded_at))) s`,
          [userId, start, new Date(start.getTime() - t.baselineDays * DAY), [...MACHINE_READS]],
        );
        baseline = z.object({ baseline: z.number() }).parse(q.rows[0]).baseline;
        cache.setBaseline(userId, hour, baseline);
      }
      const n = charts.size;
      const limit = Math.max(t.manyChartsMinimum, Math.ceil(t.manyChartsFactor * baseline));
      const first = inHour[0];
      if (n > limit && first !== undefined) add(out, { kind: 'many-charts', userId, patientId: null, key: `many-charts|${userId}|${bucket}`, occurredAt: first.at, seqs: inHour.map((e) => e.seq), detail: { distinctCharts: n, hourlyAverage: Math.round(baseline * 10) / 10, threshold: limit } });
    }
  }

  // Repeated access denials by one user within a short window.
  const denials = facts.filter((e) => e.outcome === 'denied' || e.action === 'access-denied');
  for (const [userId, mine] of groupBy(denials, (e) => e.user_id)) {
    for (const e of mine.slice(-20)) {
      const q = await c.query(
        `SELECT array_agg(seq ORDER BY seq) AS seqs FROM audit.events WHERE user_id = $1 AND (outcome = 'denied' OR action = 'access-denied')
         AND audit.instant(recorded_at) > $2 AND audit.instant(recorded_at) <= $3`,
        [userId, new Date(e.at.getTime() - t.denialsWindowMinutes * 60_000), e.at],
      );
      const seqs = z.array(z.coerce.number()).nullable().parse((q.rows[0] as { seqs: unknown }).seqs) ?? [];
      if (seqs.length >= t.denialsCount) add(out, { kind: 'repeated-denials', userId, patientId: null, key: `repeated-denials|${userId}|${hourBucket(e.at)}`, occurredAt: e.at, seqs, detail: { denials: seqs.length, windowMinutes: t.denialsWindowMinutes, threshold: t.denialsCount } });
    }
  }

  // Break-glass by the same user more than N times in 7 days.
  for (const [userId, mine] of groupBy(facts.filter((e) => e.grant), (e) => e.user_id)) {
    for (const e of mine) {
      const q = await c.query(
        `SELECT array_agg(seq ORDER BY seq) AS seqs FROM audit.events WHERE user_id = $1 AND action = 'break-glass' AND outcome = 'success' AND detail ? 'grantId'
         AND audit.instant(recorded_at) > $2 AND audit.instant(recorded_at) <= $3`,
        [userId, new Date(e.at.getTime() - 7 * DAY), e.at],
      );
      const seqs = z.array(z.coerce.number()).nullable().parse((q.rows[0] as { seqs: unknown }).seqs) ?? [];
      if (seqs.length > t.breakGlassPerWeek) add(out, { kind: 'break-glass-frequency', userId, patientId: null, key: `break-glass-frequency|${userId}|${Math.floor(e.at.getTime() / (7 * DAY))}`, occurredAt: e.at, seqs, detail: { grantsInWeek: seqs.length, threshold: t.breakGlassPerWeek } });
    }
  }
}
