/** Where the host writes audit events: the store's local hash chain, uploaded later by the sync loop. */
import type { AuditAction, AuditEventInput } from '@lantern/core';

/** An event before the sink stamps it with an id, this device and the time. Ids and codes only: no PHI. */
export interface AuditRecord {
  userId: string;
  action: AuditAction;
  outcome: AuditEventInput['outcome'];
  patientId?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  reason?: string | null;
  detail?: AuditEventInput['detail'];
}

export interface AuditSink {
  record(event: AuditRecord): Promise<void>;
}
