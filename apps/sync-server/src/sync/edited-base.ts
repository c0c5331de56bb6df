/**
 * The content a stale sync.push mutation was made on (push.ts decides it against this): the
 * version it names, the device's own later versions, or what the device sent in its latest merged
 * write (see editedBase). Loaded in the batch transaction, after the current rows are locked.
 */
import type { Mutation, ResourceJson } from '@lantern/core';
import type pg from 'pg';
import { z } from 'zod';

export const recordKey = (type: string, id: string) => `${type}/${id}`;
/** A device's chain of offline edits of one record: they all name the base it had when the first was made. */
export const chainKey = (m: Mutation): string => `${recordKey(m.resourceType, m.resourceId)}#${Number(m.baseVersion)}`;

/** What push.ts's batch has decided so far, as editedBase needs it. */
export interface BatchView {
  /** Current version per record (recordKey), as the batch's own writes left it. */
  readonly current: ReadonlyMap<string, { version: number } | null>;
  /** Versions the batch wrote (`recordKey@version`). */
  readonly written: ReadonlyMap<string, ResourceJson | null>;
  /** What the batch's latest merged write per chainKey sent. */
  readonly sent: ReadonlyMap<string, SentEdit>;
}

const Json = z.record(z.string(), z.unknown());
const HistoryRow = z.object({
  resource_type: z.string(), id: z.string(), version: z.number(), own: z.boolean(), known: z.boolean(), resource: Json.nullable(),
  sent_base: z.number().nullable(), sent: Json.nullable(),
});

/**
 * The last server version a mutation builds on, and the content it was made on (undefined: unknown
 * to the server): that version's, or what the device last sent on the way (see editedBase).
 */
export interface EditedBase { version: number | null; resource: ResourceJson | null | undefined }

/** What one of the device's merged writes sent, and the version that write made. */
export interface SentEdit { version: number; resource: ResourceJson }

/**
 * What the server knows of the versions after the stale mutations' bases: for each version, whether
 * this device and user wrote it, and the content of every claimed base and of those own versions.
 */
export class History {
  readonly own = new Set<string>();
  readonly content = new Map<string, ResourceJson | null>();
  /** The newest own merged write per record and named base, with what it sent (mutation_log.sent). */
  readonly sent = new Map<string, SentEdit>();

  static async load(c: pg.PoolClient, actor: { deviceId: string; userId: string }, stale: readonly Mutation[]): Promise<History> {
    const h = new History();
    const claims = new Map<string, Mutation>();
    for (const m of stale) claims.set(`${recordKey(m.resourceType, m.resourceId)}@${m.baseVersion}`, m);
    if (claims.size === 0) return h;
    const ranges = [...claims.values()];
    const rows = await c.query(
      `SELECT DISTINCT ON (rv.resource_type, rv.id, rv.version) rv.resource_type, rv.id, rv.version,
         coalesce(rv.device_id = $5 AND rv.user_id::text = $6, false) AS own,
         coalesce(rv.version = s.base OR (rv.device_id = $5 AND rv.user_id::text = $6), false) AS known,
         CASE WHEN rv.version = s.base OR (rv.device_id = $5 AND rv.user_id::text = $6) THEN rv.resource END AS resource,
         ml.base_version AS sent_base, ml.sent
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) AS s(patient_id, resource_type, id, base)
       JOIN resource_versions rv ON rv.patient_id = s.patient_id AND rv.resource_type = s.resource_type AND rv.id = s.id AND rv.version >= s.base
       LEFT JOIN mutation_log ml ON rv.device_id = $5 AND rv.user_id::text = $6 AND ml.patient_id = rv.patient_id AND ml.mutation_id = rv.mutation_id
         AND ml.sent IS NOT NULL
       ORDER BY rv.resource_type, rv.id, rv.version, known DESC`,
      [ranges.map((m) => m.patientId), ranges.map((m) => m.resourceType), ranges.map((m) => m.resourceId), ranges.map((m) => Number(m.baseVersion)), actor.deviceId, actor.userId],
    );
    for (const r of z.array(HistoryRow).parse(rows.rows)) {
      const k = `${recordKey(r.resource_type, r.id)}@${r.version}`;
      if (r.own) h.own.add(k);
      if (r.known) h.content.set(k, r.resource);
      if (r.own && r.sent !== null && r.sent_base !== null) {
        const s = `${recordKey(r.resource_type, r.id)}#${r.sent_base}`;
        if ((h.sent.get(s)?.version ?? 0) < r.version) h.sent.set(s, { version: r.version, resource: r.sent });
      }
    }
    return h;
  }
}

/**
 * The version a mutation was edited on. A workstation keeps a record's server version while it has
 * unsent edits of it, so its second offline edit of a record names the same base as its first, yet
 * was made on top of the first. The versions that this device and user wrote right after the base
 * (in this batch or an earlier push, from earlier entries of its queue: the outbox is sent in order
 * and a later edit of a record is never stored while an earlier one waits for a retry) are the
 * device's own edits in sequence, each stored as sent; so the edit was made on the last of them.
 *
 * A version written by anyone else in between ends that run. The device's later edits on the same
 * base were still made on top of its earlier ones, which the server merged with the other writer's
 * change: the content they were made on is what the device SENT in its latest merged write on that
 * base (mutation_log.sent), not the old base (where the device's own change of a field would look
 * like a race with itself) and not the merged version (where the device's stale copy of the other
 * writer's field would look like a revert of it). The three-way merge then runs against the
 * current version as "theirs", so a change by anyone else since is still a race. Consequences:
 * - an edit answered `conflict` left nothing behind: the next edit on that base is merged against
 *   the last one the server took (or the base) and still carries the unresolved change, so it is
 *   a conflict on the same fields until the clinician resolves or undoes it;
 * - a merge that had nothing to add wrote no version and keeps nothing: the edit after it is merged
 *   against the one before (a conflict only if someone else changed the same field meanwhile);
 * - the chain is one user's on one device: another user's queue on the same workstation is sent
 *   apart from it, in no order with it, so their edits are merged against the base they name;
 * - a log row without `sent` (written before it was kept, or pruned with the log) leaves the old
 *   base: a conflict at worst, never a guess.
 */
export function editedBase(b: BatchView, h: History, m: Mutation): EditedBase {
  if (m.baseVersion === null) return { version: null, resource: null };
  const k = recordKey(m.resourceType, m.resourceId);
  const current = b.current.get(k)?.version ?? 0;
  let version = Number(m.baseVersion);
  while (version < current && (b.written.has(`${k}@${version + 1}`) || h.own.has(`${k}@${version + 1}`))) version += 1;
  if (version < current) {
    const sent = b.sent.get(chainKey(m)) ?? h.sent.get(chainKey(m));
    if (sent !== undefined && sent.version > version) return { version, resource: sent.resource };
  }
  const at = `${k}@${version}`;
  return { version, resource: b.written.has(at) ? b.written.get(at) : h.content.get(at) };
}
