/**
 * Runs one bulk export job (https://hl7.org/fhir/uv/bulkdata/export.html): for each type, the
 * current resources of the patients the caller may read (the same policy as every other read),
 * written as NDJSON under <dataDir>/exports/<job>/, in pages keyed by (patient, id) so memory
 * stays bounded. Checks for cancellation between pages. When done, one `export` audit event per
 * patient whose data was exported, then the manifest.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { decideAccess, type Role } from '@lantern/core';
import type pg from 'pg';
import type { Logger } from 'pino';
import { appendAuditEvents, serverEvent, type Actor } from '../../db/audit-log.ts';
import { withTx } from '../../db/database.ts';
import { loadUserScope } from '../../db/scope.ts';
import { scopeAccess } from '../../sync/pull.ts';
import { FHIR_TYPES, isSharedType, SHARED_PARTITION } from '../registry.ts';
import { getJob, updateJob, type ExportJob, type OutputItem } from './jobs.ts';

const PAGE = 2000;

export const exportDir = (dataDir: string, jobId: string): string => join(dataDir, 'exports', jobId);

export interface RunDeps { pool: pg.Pool; logger: Logger; dataDir: string; now: () => Date }

/** The patients of a Group: a unit's census, or `my-patients` (the caller's care team). */
export async function groupPatients(q: pg.Pool, groupId: string, userId: string): Promise<string[] | null> {
  if (groupId === 'my-patients') {
    const r = await q.query('SELECT patient_id FROM care_team WHERE user_id = $1', [userId]);
    return r.rows.map((x: { patient_id: string }) => x.patient_id);
  }
  const r = await q.query('SELECT patient_id FROM patient_units WHERE unit = $1', [groupId]);
  return r.rowCount === 0 ? null : r.rows.map((x: { patient_id: string }) => x.patient_id);
}

export async function runExport(deps: RunDeps, job: ExportJob, actor: Actor, base: string): Promise<void> {
  const dir = exportDir(deps.dataDir, job.id);
  try {
    // Bulk export files are PHI: readable by the server's own user only.
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const role = job.role as Role;
    const scope = await loadUserScope(deps.pool, job.user_id, deps.now());
    const access = scopeAccess(role, scope);
    const group = job.level === 'group' && job.group_id !== null ? new Set(await groupPatients(deps.pool, job.group_id, job.user_id) ?? []) : null;
    const types = FHIR_TYPES.map((t) => t.type).filter((t) => job.types === null || job.types.includes(t));
    const output: OutputItem[] = [];
    const perPatient = new Map<string, number>();
    for (const [n, type] of types.entries()) {
      let patients: string[] | null;
      if (isSharedType(type)) {
        if (job.level !== 'system' || !decideAccess({ role, resourceType: type, action: 'read', relation: 'none' }).allowed) continue;
        patients = null;
      } else {
        patients = [...access].filter(([p, a]) => a.types.includes(type) && (group === null || group.has(p))).map(([p]) => p);
        if (patients.length === 0) continue;
      }
      const file = `${type}.ndjson`;
      const out = createWriteStream(join(dir, file), { mode: 0o600 });
      let count = 0;
      let after: [string, string] = ['00000000-0000-0000-0000-000000000000', ''];
      for (;;) {
        const args: unknown[] = [type, after[0], after[1], PAGE];
        let where = `resource_type = $1 AND NOT deleted AND (patient_id, id) > ($2::uuid, $3)`;
        where += patients === null ? ` AND patient_id = '${SHARED_PARTITION}'` : ` AND patient_id = ANY($${args.push(patients)}::uuid[])`;
        if (job.since !== null) where += ` AND last_updated > $${args.push(job.since)}`;
        const r = await deps.pool.query(`SELECT patient_id, id, resource::text AS json FROM resources WHERE ${where} ORDER BY patient_id, id LIMIT $4`, args);
        const rows = r.rows as { patient_id: string; id: string; json: string }[];
        for (const row of rows) {
          if (!out.write(`${row.json}\n`)) await once(out, 'drain');
          if (row.patient_id !== SHARED_PARTITION) perPatient.set(row.patient_id, (perPatient.get(row.patient_id) ?? 0) + 1);
        }
        count += rows.length;
        const last = rows[rows.length - 1];
        if (last === undefined || rows.length < PAGE) break;
        after = [last.patient_id, last.id];
        if (!(await updateJob(deps.pool, job.id, { progress: `${type}: ${count} resources (type ${n + 1} of ${types.length})` }))) {
          out.end();
          await rm(dir, { recursive: true, force: true });
          return;
        }
      }
      out.end();
      await once(out, 'finish');
      if (count > 0) output.push({ type, url: `${base}/$export-file/${job.id}/${file}`, count });
      if (!(await updateJob(deps.pool, job.id, { progress: `${n + 1} of ${types.length} types done` }))) {
        await rm(dir, { recursive: true, force: true });
        return;
      }
    }
    const now = deps.now();
    const done = await withTx(deps.pool, async (c) => {
      const events = [...perPatient].map(([patientId, count]) =>
        serverEvent(actor, { action: 'export', outcome: 'success', patientId, purposeOfUse: 'TREAT', detail: { via: 'fhir', jobId: job.id, count } }, now));
      await appendAuditEvents(c, events);
      return updateJob(c, job.id, { status: 'completed', progress: 'done', output, completedAt: now });
    });
    if (!done) await rm(dir, { recursive: true, force: true });
  } catch (e) {
    deps.logger.error({ jobId: job.id, err: e instanceof Error ? e.message : 'unknown' }, 'export failed');
    await updateJob(deps.pool, job.id, { status: 'failed', error: 'The export failed on the server; start a new one', completedAt: deps.now() }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Runs jobs in the background of this process and lets the server wait for them on close. */
export class ExportRunner {
  private readonly running = new Set<Promise<void>>();
  constructor(private readonly deps: RunDeps) {}

  start(jobId: string, actor: Actor, base: string): void {
    const p = (async () => {
      const job = await getJob(this.deps.pool, jobId);
      if (job !== null) await runExport(this.deps, job, actor, base);
    })().catch((e: unknown) => this.deps.logger.error({ jobId, err: e instanceof Error ? e.message : 'unknown' }, 'export crashed'));
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  /**
   * Resumes jobs left in progress by a server that stopped (files are rewritten from the start).
   * Several servers may resume the same job: the first to finish completes it, the others find it
   * no longer in progress and discard their files.
   */
  async resumeInterrupted(): Promise<number> {
    const r = await this.deps.pool.query("SELECT id, user_id, device_id, role, request_url FROM export_jobs WHERE status = 'in-progress' AND expires_at > $1", [this.deps.now()]);
    for (const j of r.rows as { id: string; user_id: string; device_id: string; role: string; request_url: string }[]) {
      const base = j.request_url.replace(/\/(?:Patient\/|Group\/[^/]+\/)?\$export(?:\?.*)?$/, '');
      this.start(j.id, { userId: j.user_id, role: j.role as Actor['role'], deviceId: j.device_id, clientAddress: 'server' }, base);
    }
    return r.rows.length;
  }

  async idle(): Promise<void> {
    await Promise.all([...this.running]);
  }
}
