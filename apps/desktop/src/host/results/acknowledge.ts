/**
 * Acknowledging results: for each report, a Provenance (core `buildAcknowledgement`) written to the
 * local store with its outbox mutation, through the same write path and policy as every clinician
 * write (queue-write.ts), so it works offline and syncs with who and when. The acknowledgement names
 * the report version the clinician saw. A report whose current version is already acknowledged is
 * skipped, so acknowledging the same result twice writes nothing new.
 */
import { decideAccess, LanternError } from '@lantern/core';
import { acknowledgementState, buildAcknowledgement } from '@lantern/core/results';
import { relationTo } from '../chart/chart-access.ts';
import { queueWrite, type LocalWriter } from '../api/queue-write.ts';
import { must, toTrpcError } from '../api/trpc.ts';
import { acknowledgements } from './results-queries.ts';
import type { StoreDb } from '../store/store-db.ts';
import { practitionerRefOf } from './results-views.ts';

export interface AcknowledgeContext extends LocalWriter {
  db: StoreDb;
  user: LocalWriter['user'] & { displayName: string };
}

export async function acknowledgeResults(ctx: AcknowledgeContext, reportIds: readonly string[]): Promise<{ acknowledged: number; already: number }> {
  const { services, user } = ctx;
  const acks = acknowledgements(ctx.db, null);
  let acknowledged = 0;
  let already = 0;
  for (const reportId of new Set(reportIds)) {
    const report = must(services.store.getResource(reportId));
    if (report === null || report.resourceType !== 'DiagnosticReport') throw toTrpcError(new LanternError('NOT_FOUND', 'No such result'));
    const patientId = /^Patient\/(.+)$/.exec(report.subject?.reference ?? '')?.[1];
    if (patientId === undefined) throw toTrpcError(new LanternError('BAD_INPUT', 'The result has no patient'));
    const relation = relationTo(ctx.scope, patientId);
    if (!decideAccess({ role: user.role, resourceType: 'DiagnosticReport', action: 'read', relation }).allowed
      || !decideAccess({ role: user.role, resourceType: 'Provenance', action: 'create', relation }).allowed) {
      await services.audit.record({ userId: user.userId, action: 'access-denied', outcome: 'denied', patientId, resourceType: 'Provenance', detail: { action: 'create', of: 'DiagnosticReport' } });
      throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not acknowledge results for this patient'));
    }
    // The version on screen is the one acknowledged: a later correction by the lab needs review again.
    const version = report.meta?.versionId;
    if (acknowledgementState(acks.get(reportId), version).current !== null) {
      already++;
      continue;
    }
    const built = buildAcknowledgement({
      id: services.uuid(), patientId, reportId, ...(version === undefined ? {} : { reportVersion: version }), at: services.now().toISOString(),
      practitioner: { reference: practitionerRefOf(user.userId), display: user.displayName },
    });
    if (!built.ok) throw toTrpcError(built.error);
    queueWrite(ctx, patientId, built.value, 'create');
    await services.audit.record({ userId: user.userId, action: 'resource-create', outcome: 'success', patientId, resourceType: 'Provenance', resourceId: built.value.id ?? null, detail: { acknowledges: reportId } });
    acknowledged++;
  }
  return { acknowledged, already };
}
