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

/** Postgres text and jsonb cannot hold U+0000; a request URL can (`%00`), and its refusal is still audited. */
const noNul = (s: string): string => s.replaceAll('\u0000', '\ufffd');

/** A server audit event for this request; `via: 'fhir'` tells FHIR access apart from sync. */
export function fhirEvent(ctx: Pick<FhirCtx, 'user' | 'now'>, e: ServerAuditEvent): AuditEventInput {
  // A SMART app's or system's request names the app (client_id) beside the user it acts for.
  const app = ctx.user.smart === undefined ? {} : { clientId: ctx.user.smart.clientId };
  const detail = Object.fromEntries(Object.entries({ via: 'fhir', ...app, ...e.detail }).map(([k, v]) => [k, typeof v === 'string' ? noNul(v) : v]));
  return serverEvent(ctx.user.actor, {
    ...e, detail,
    ...(typeof e.resourceType === 'string' ? { resourceType: noNul(e.resourceType) } : {}),
    ...(typeof e.resourceId === 'string' ? { resourceId: noNul(e.resourceId) } : {}),
  }, ctx.now);
}
