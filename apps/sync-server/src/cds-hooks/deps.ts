/** What the CDS Hooks handlers share: the server's services and the group-committing audit writer. */
import type { AuditBatcher } from '../fhir/audit-batcher.ts';
import type { Services } from '../services.ts';

export interface CdsDeps {
  services: Services;
  /** Resolves once the events are committed to the hash-chained log (HIPAA 164.312(b)). */
  audit: AuditBatcher;
}
