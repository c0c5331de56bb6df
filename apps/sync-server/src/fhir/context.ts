/** What every FHIR handler gets: the shared services, the signed-in user, the base URL and the clock. */
import type { AuditEventInput } from '@lantern/core';
import { serverEvent, type ServerAuditEvent } from '../db/audit-log.ts';
import type { Services } from '../services.ts';
import type { AuditBatcher } from './audit-batcher.ts';
import type { FhirUser, TokenVerifier } from './auth.ts';
import type { Prefer } from './http.ts';
import type { ExportRunner } from './export/runner.ts';
import type { EverythingCache } from './everything-cache.ts';

export interface FhirDeps {
  services: Services;
  audit: AuditBatcher;
  tokens: TokenVerifier;
  exports: ExportRunner;
  everything: EverythingCache;
}

export interface FhirCtx {
  deps: FhirDeps;
  user: FhirUser;
  /** e.g. http://127.0.0.1:4000/fhir/R4 */
  base: string;
  now: Date;
  prefer: Prefer;
  /** Authorization header, for internal sub-requests of batches. */
  authorization: string;
}

/** A server audit event for this request; `via: 'fhir'` tells FHIR access apart from sync. */
export function fhirEvent(ctx: Pick<FhirCtx, 'user' | 'now'>, e: ServerAuditEvent): AuditEventInput {
  return serverEvent(ctx.user.actor, { ...e, detail: { via: 'fhir', ...e.detail } }, ctx.now);
}
