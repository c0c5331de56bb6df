/**
 * Devices that still hold patients they were told to purge: the server remembers each purge it owes a
 * device (`sync_scope.purge_id` / `purge_requested_at`, migration 0019; sync/pull.ts asks again on
 * every pull until the device acknowledges it). A device that never syncs again keeps that PHI, so the
 * privacy officer sees every device whose oldest owed purge is older than N days, with when it was
 * last seen, which patients (id and MRN only: minimum necessary, and nothing to copy into a log) and
 * whether a remote wipe was asked for (HIPAA 164.310(d)(2)(iii) accountability for devices and media,
 * 164.308(a)(1)(ii)(D) activity review). This module only reads; pull.ts keeps the bookkeeping.
 */
import { z } from 'zod';
import type { Queryable } from '../../db/database.ts';

export const OwedPurgesQuerySchema = z.object({
  /** Owed for longer than this many days (the oldest purge on the device). */
  olderThanDays: z.number().int().min(0).max(3650).default(7),
});
export type OwedPurgesQuery = z.infer<typeof OwedPurgesQuerySchema>;

export interface OwedPatient {
  patientId: string;
  mrn: string | null;
  /** When the server first asked this device to purge this patient. */
  since: string;
}

export interface OwedPurgeDevice {
  deviceId: string;
  label: string | null;
  /** Last contact with the server (any call), or null when it never came back after enrolling. */
  lastSeenAt: string | null;
  /** The users whose scope on this device the purges are for. */
  usernames: string[];
  /** The oldest owed purge on this device. */
  oldestSince: string;
  patients: OwedPatient[];
  /** The remote wipe (admin.requestWipe): none asked, asked and not confirmed, or confirmed. */
  wipe: 'none' | 'pending' | 'done';
  wipeRequestedAt: string | null;
}

const Row = z.object({
  device_id: z.string(),
  label: z.string().nullable(),
  last_seen_at: z.date().nullable(),
  wipe_requested_at: z.date().nullable(),
  wiped_at: z.date().nullable(),
  usernames: z.array(z.string()),
  patients: z.array(z.object({ patientId: z.string(), mrn: z.string().nullable(), since: z.string() })),
  oldest: z.date(),
});

/**
 * One row per device. A patient owed to two users of the same device is listed once, at its oldest
 * request. The MRN is the Patient's MR identifier (else its first identifier), as patient-labels.ts reads it.
 */
const SQL = `
  WITH owed AS (
    SELECT s.device_id, s.patient_id, min(s.purge_requested_at) AS since, array_agg(DISTINCT u.username) AS usernames
    FROM sync_scope s JOIN users u ON u.id = s.user_id
    WHERE s.purge_id IS NOT NULL AND s.purge_requested_at IS NOT NULL
    GROUP BY s.device_id, s.patient_id
  ), due AS (
    SELECT device_id FROM owed GROUP BY device_id HAVING min(since) <= $1
  )
  SELECT o.device_id, d.label, d.last_seen_at, d.wipe_requested_at, d.wiped_at, min(o.since) AS oldest,
    (SELECT array_agg(DISTINCT x ORDER BY x) FROM owed o2, unnest(o2.usernames) x WHERE o2.device_id = o.device_id) AS usernames,
    jsonb_agg(jsonb_build_object('patientId', o.patient_id::text, 'since', to_char(o.since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'mrn', (SELECT coalesce(
          (SELECT i->>'value' FROM jsonb_array_elements(coalesce(r.resource->'identifier', '[]')) i
            WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(i->'type'->'coding', '[]')) c WHERE c->>'code' = 'MR') LIMIT 1),
          r.resource->'identifier'->0->>'value')
        FROM resources r WHERE r.patient_id = o.patient_id AND r.resource_type = 'Patient' AND NOT r.deleted LIMIT 1))
      ORDER BY o.since, o.patient_id) AS patients
  FROM owed o JOIN due USING (device_id) LEFT JOIN devices d ON d.id = o.device_id
  GROUP BY o.device_id, d.label, d.last_seen_at, d.wipe_requested_at, d.wiped_at
  ORDER BY oldest, o.device_id
  LIMIT 1000`;

export async function owedPurges(q: Queryable, query: OwedPurgesQuery, now: Date): Promise<OwedPurgeDevice[]> {
  const cutoff = new Date(now.getTime() - query.olderThanDays * 86_400_000);
  const r = await q.query(SQL, [cutoff]);
  return r.rows.map((raw) => {
    const d = Row.parse(raw);
    const wipe = d.wipe_requested_at === null ? 'none' : d.wiped_at === null || d.wiped_at < d.wipe_requested_at ? 'pending' : 'done';
    return {
      deviceId: d.device_id, label: d.label, lastSeenAt: d.last_seen_at?.toISOString() ?? null, usernames: d.usernames,
      oldestSince: d.oldest.toISOString(), patients: d.patients, wipe, wipeRequestedAt: d.wipe_requested_at?.toISOString() ?? null,
    };
  });
}
