/**
 * Bulk Data Access export (https://hl7.org/fhir/uv/bulkdata/export.html): asynchronous kick-off
 * (Prefer: respond-async -> 202 + Content-Location), status polling (202 + X-Progress while
 * running, 200 + manifest when done), NDJSON file download, DELETE to cancel. Jobs belong to the
 * user who started them; files need the same bearer token (requiresAccessToken: true).
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decideAccess, isUuid } from '@lantern/core';
import type { FastifyRequest } from 'fastify';
import { fhirEvent, type FhirCtx } from '../context.ts';
import type { FhirReply } from '../http.ts';
import { badRequest, DeniedError, FhirError, notFound } from '../outcome.ts';
import { FHIR_TYPES, isFhirType } from '../registry.ts';
import { parseDateValue } from '../search/date.ts';
import { cancelJob, getJob, insertJob, type ExportJob } from './jobs.ts';
import { exportDir, groupPatients } from './runner.ts';

const NDJSON_FORMATS = ['application/fhir+ndjson', 'application/ndjson', 'ndjson'];
const UNSUPPORTED = ['_elements', '_typeFilter', 'patient', 'includeAssociatedData'];
/** Files are kept this long after kick-off. */
const KEEP_MS = 24 * 3_600_000;

function rawQuery(req: FastifyRequest): URLSearchParams {
  return new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
}

export async function exportKickoff(ctx: FhirCtx, req: FastifyRequest, at: { level: ExportJob['level']; groupId: string | null }): Promise<FhirReply> {
  if (!ctx.prefer.respondAsync) throw badRequest('Prefer', 'bulk export is asynchronous: send Prefer: respond-async');
  const accept = req.headers.accept;
  if (accept !== undefined && !/application\/fhir\+json|application\/json|\*\/\*/.test(accept)) throw new FhirError('BAD_INPUT', 'Accept: application/fhir+json', { status: 406 });
  let types: string[] | null = null;
  let since: string | null = null;
  for (const [k, v] of rawQuery(req)) {
    if (k === '_outputFormat') {
      if (!NDJSON_FORMATS.includes(v)) throw badRequest('_outputFormat', 'only application/fhir+ndjson is supported');
    } else if (k === '_type') {
      types = v.split(',').map((t) => t.trim());
      const bad = types.find((t) => !isFhirType(t));
      if (bad !== undefined) throw badRequest('_type', `Lantern does not serve ${bad.slice(0, 40)}`);
    } else if (k === '_since') {
      since = parseDateValue('_since', v, ctx.now).low;
    } else if (UNSUPPORTED.includes(k)) {
      throw badRequest(k, 'not supported by this server');
    } else if (k !== '_format') {
      throw badRequest(k.slice(0, 64), 'unknown $export parameter');
    }
  }
  const role = ctx.user.claims.role;
  const wanted = types ?? FHIR_TYPES.map((t) => t.type);
  const anyReadable = wanted.some((t) => (['care-team', 'unit'] as const).some((relation) => decideAccess({ role, resourceType: t, action: 'read', relation }).allowed));
  if (!anyReadable) {
    throw new DeniedError(`Access denied: ${role} may not read any of the exported types`, [
      fhirEvent(ctx, { action: 'export', outcome: 'denied', detail: { level: at.level } }),
    ]);
  }
  if (at.level === 'group') {
    const gid = at.groupId ?? '';
    if (!/^[A-Za-z0-9\-.]{1,64}$/.test(gid) || (await groupPatients(ctx.deps.services.pool, gid, ctx.user.claims.userId)) === null) {
      throw notFound(`Group/${gid.slice(0, 64)} is not known (a unit code, or my-patients)`);
    }
  }
  const id = randomUUID();
  await insertJob(ctx.deps.services.pool, {
    id, user_id: ctx.user.claims.userId, device_id: ctx.user.claims.deviceId, role, level: at.level, group_id: at.groupId,
    types, since, request_url: `${ctx.base}${req.url.replace(/^\/fhir\/R4/, '')}`, transaction_time: ctx.now.toISOString(),
    expires_at: new Date(ctx.now.getTime() + KEEP_MS).toISOString(),
  }, ctx.now);
  await ctx.deps.audit.record([fhirEvent(ctx, { action: 'export', outcome: 'success', detail: { jobId: id, level: at.level, stage: 'kick-off' } })]);
  ctx.deps.exports.start(id, ctx.user.actor, ctx.base);
  return { status: 202, headers: { 'content-location': `${ctx.base}/$export-status/${id}` }, body: null };
}

/** The caller's own, unexpired job (anyone else's is simply not found). */
async function ownJob(ctx: FhirCtx, jobId: string): Promise<ExportJob> {
  const job = isUuid(jobId) ? await getJob(ctx.deps.services.pool, jobId) : null;
  if (job === null || job.user_id !== ctx.user.claims.userId || job.status === 'cancelled') throw notFound('No such export job');
  if (new Date(job.expires_at) <= ctx.now) {
    await cancelJob(ctx.deps.services.pool, job.id);
    await rm(exportDir(ctx.deps.services.config.dataDir, job.id), { recursive: true, force: true });
    throw notFound('The export has expired: start a new one');
  }
  return job;
}

export async function exportStatus(ctx: FhirCtx, jobId: string): Promise<FhirReply> {
  const job = await ownJob(ctx, jobId);
  switch (job.status) {
    case 'in-progress':
      return { status: 202, headers: { 'x-progress': job.progress ?? 'in progress', 'retry-after': '1' }, body: null };
    case 'failed':
      throw new FhirError('INTERNAL', job.error ?? 'The export failed');
    case 'completed':
      return {
        status: 200,
        contentType: 'application/json; charset=utf-8',
        headers: { expires: new Date(job.expires_at).toUTCString() },
        body: { transactionTime: job.transaction_time, request: job.request_url, requiresAccessToken: true, output: job.output ?? [], error: [] },
      };
    case 'cancelled':
      throw notFound('No such export job');
    default: {
      const never: never = job.status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}

export async function exportCancel(ctx: FhirCtx, jobId: string): Promise<FhirReply> {
  const job = await ownJob(ctx, jobId);
  await cancelJob(ctx.deps.services.pool, job.id);
  await rm(exportDir(ctx.deps.services.config.dataDir, job.id), { recursive: true, force: true });
  await ctx.deps.audit.record([fhirEvent(ctx, { action: 'export', outcome: 'success', detail: { jobId: job.id, stage: 'cancel' } })]);
  return { status: 202, body: null };
}

export async function exportFile(ctx: FhirCtx, jobId: string, file: string): Promise<FhirReply> {
  const job = await ownJob(ctx, jobId);
  const item = job.output?.find((o) => o.url.endsWith(`/${file}`));
  if (job.status !== 'completed' || item === undefined || !/^[A-Za-z]+\.ndjson$/.test(file)) throw notFound('No such export file');
  const path = join(exportDir(ctx.deps.services.config.dataDir, job.id), file);
  await stat(path).catch(() => {
    throw notFound('The export file is gone: start a new export');
  });
  await ctx.deps.audit.record([fhirEvent(ctx, { action: 'export', outcome: 'success', resourceType: item.type, detail: { jobId: job.id, stage: 'download', count: item.count } })]);
  return { status: 200, contentType: 'application/fhir+ndjson', body: createReadStream(path) };
}
