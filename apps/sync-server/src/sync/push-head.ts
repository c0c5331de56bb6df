/**
 * Where a device's push stands (migration 0027): the last mutation of the batch decided last, and
 * whether every answer of it was final. A workstation may send its next batch while the server
 * still decides the one before, naming that one as `after`; the server decides it only when, under
 * the device's head row lock (taken first in the batch's transaction, held to its commit, so it
 * holds across app-server processes), the head is exactly that batch and clean. Otherwise the batch
 * is refused whole with nothing stored, and the workstation sends it again alone after the answer.
 * Every push of the device takes the lock, so a batch sent behind another waits for it rather than
 * being decided beside it.
 */
import { LanternError, PUSH_AFTER_ISSUE, type ErrorCode, type PushAfter, type PushResult } from '@lantern/core';
import type pg from 'pg';
import { z } from 'zod';

/** The codes a workstation sends again later (local-sync-store.ts isTransient): a batch behind one of them must wait. */
export const RETRIED: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['INTERNAL', 'UNAVAILABLE', 'TOO_MANY_REQUESTS', 'STORE_LOCKED']);

const HeadRow = z.object({ last_mutation_id: z.string().nullable(), clean: z.boolean() });

// The no-op update takes the row lock (and creates the row on a device's first push) in one statement;
// RETURNING gives the head as the batch before left it.
const LOCK_HEAD_SQL = `INSERT INTO device_push_heads (device_id) VALUES ($1)
  ON CONFLICT (device_id) DO UPDATE SET device_id = EXCLUDED.device_id RETURNING last_mutation_id::text, clean`;
const SET_HEAD_SQL = 'UPDATE device_push_heads SET last_mutation_id = $2, clean = $3, updated_at = now() WHERE device_id = $1';
// Waits for a push of the device being decided (it holds the row lock) without keeping a lock after.
const READ_HEAD_SQL = 'SELECT last_mutation_id::text, clean FROM device_push_heads WHERE device_id = $1 FOR SHARE';

function refuse(after: PushAfter, head: z.output<typeof HeadRow> | undefined): never {
  const why = head === undefined || head.last_mutation_id !== after.mutationId.toLowerCase() ? 'was not the last batch decided here' : 'had a change to send again';
  throw new LanternError('VERSION_MISMATCH', `This push continues a batch that ${why}: nothing was stored; send it again once the batch before it is answered`, {
    issues: [{ path: PUSH_AFTER_ISSUE, message: why }],
  });
}

// Postgres spells a uuid in lower case; a client may not.
const matches = (after: PushAfter, head: z.output<typeof HeadRow> | undefined): boolean =>
  head !== undefined && head.clean && head.last_mutation_id === after.mutationId.toLowerCase();

/** Takes the device's head lock in the batch's transaction; refuses a batch whose `after` is not the clean head. */
export async function lockPushHead(c: pg.ClientBase, deviceId: string, after: PushAfter | undefined): Promise<void> {
  const head = HeadRow.parse((await c.query(LOCK_HEAD_SQL, [deviceId])).rows[0]);
  if (after !== undefined && !matches(after, head)) refuse(after, head);
}

/** How long a batch sent behind another waits for that one to reach the head before it is refused. */
const AWAIT_HEAD_MS = 3_000;
/**
 * The batch before usually takes the head lock within a few ms of this one arriving (then the read
 * simply waits for its commit): poll fast at first, then back off, so a batch naming an `after` that
 * never comes costs dozens of reads over the wait, not thousands.
 */
const AWAIT_HEAD_POLL_MS = 2;
const AWAIT_HEAD_POLL_MAX_MS = 50;

/**
 * Outside any transaction, before the batch's own: waits until the batch `after` names has been
 * decided (its transaction committed), then returns, or refuses the batch if that one asked for a
 * retry. The two requests race on the way in (separate connections, another app server), so the
 * batch behind often arrives first: it waits here rather than being refused, for a while. While the
 * batch before holds the head lock the read waits for its commit; before it has taken it, the read
 * is repeated. No lock is kept: the check under the lock in the transaction is the one that counts.
 */
export async function awaitPushHead(pool: pg.Pool, deviceId: string, after: PushAfter): Promise<void> {
  const deadline = Date.now() + AWAIT_HEAD_MS;
  for (let poll = AWAIT_HEAD_POLL_MS; ; poll = Math.min(poll * 2, AWAIT_HEAD_POLL_MAX_MS)) {
    const row = (await pool.query(READ_HEAD_SQL, [deviceId])).rows[0] as unknown;
    const head = row === undefined ? undefined : HeadRow.parse(row);
    if (matches(after, head)) return;
    if (head?.last_mutation_id === after.mutationId.toLowerCase() || Date.now() >= deadline) refuse(after, head);
    await new Promise((r) => setTimeout(r, Math.min(poll, Math.max(0, deadline - Date.now()))));
  }
}

/** Moves the head to this batch, in its transaction; `dirty`: an answer before these asked for a retry. */
export function setPushHead(c: pg.ClientBase, deviceId: string, answers: readonly PushResult[], dirty: boolean): Promise<unknown> {
  const last = answers[answers.length - 1];
  if (last === undefined) return Promise.resolve();
  const clean = !dirty && !answers.some((r) => r.status === 'rejected' && RETRIED.has(r.code));
  return c.query(SET_HEAD_SQL, [deviceId, last.mutationId, clean]);
}

export const isAfterRefusal = (e: unknown): boolean =>
  e instanceof LanternError && e.code === 'VERSION_MISMATCH' && e.issues.some((i) => i.path === PUSH_AFTER_ISSUE);
