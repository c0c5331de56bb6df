/** What the CDS Hooks handlers share: the server's services and the group-committing audit writer. */
import type { AuditBatcher } from '../fhir/audit-batcher.ts';
import type { TokenVerifier } from '../fhir/auth.ts';
import type { IssuedCardsWriter } from './issued-cards.ts';
import type { Services } from '../services.ts';

export interface CdsDeps {
  services: Services;
  /** Resolves once the events are committed to the hash-chained log (HIPAA 164.312(b)). */
  audit: AuditBatcher;
  /** Bearer access tokens from `auth.login`, verified with the server's one verifier. */
  tokens: TokenVerifier;
  cards: IssuedCardsWriter;
}
