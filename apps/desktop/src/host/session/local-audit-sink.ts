/** Audit events go to the store's hash chain (HIPAA 164.312(b)); the sync loop uploads them later. */
import { AuditEventInputSchema } from '@lantern/core';
import type { WritableStore } from '../store/local-store.ts';
import type { AuditRecord, AuditSink } from './audit-sink.ts';

export function localAuditSink(store: WritableStore, deps: { deviceId: string; uuid: () => string; now: () => Date }): AuditSink {
  return {
    record(e: AuditRecord) {
      const event = AuditEventInputSchema.parse({
        eventId: deps.uuid(),
        deviceId: deps.deviceId,
        userId: e.userId,
        action: e.action,
        patientId: e.patientId ?? null,
        resourceType: e.resourceType ?? null,
        resourceId: e.resourceId ?? null,
        outcome: e.outcome,
        reason: e.reason ?? null,
        detail: e.detail ?? {},
        recordedAt: deps.now().toISOString(),
      });
      const r = store.appendAudit([event]);
      if (!r.ok) return Promise.reject(r.error);
      return Promise.resolve();
    },
  };
}
