/** Every privacy-workspace read is itself audited (HIPAA 164.312(b)): who looked at the audit trail, for whom. */
import { appendAuditEvents, serverEvent, type Actor, type ServerAuditEvent } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import type { Services } from '../services.ts';

export async function auditRead(s: Services, actor: Actor, e: ServerAuditEvent): Promise<void> {
  await withTx(s.pool, (c) => appendAuditEvents(c, [serverEvent(actor, e, s.clock.now())]));
}
