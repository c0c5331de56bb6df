/** The answer to a write, shaped by `Prefer: return=` (http://hl7.org/fhir/R4/http.html#ops). */
import type { ResourceJson } from '@lantern/core';
import type { FhirCtx } from './context.ts';
import { versionHeaders, type FhirReply } from './http.ts';
import { informational } from './outcome.ts';

export function writeReply(ctx: FhirCtx, status: number, w: { type: string; id: string; version: number; lastUpdated: string; resource: ResourceJson | null }, location: boolean): FhirReply {
  const headers: Record<string, string> = versionHeaders(w.version, w.lastUpdated);
  const url = `${ctx.base}/${w.type}/${w.id}/_history/${w.version}`;
  if (location) headers['location'] = url;
  else headers['content-location'] = url;
  switch (ctx.prefer.return) {
    case 'minimal':
      return { status, headers, body: null };
    case 'OperationOutcome':
      return { status, headers, body: informational(`${w.type}/${w.id} version ${w.version} stored`) };
    case 'representation':
    case null:
      return { status, headers, body: w.resource };
    default: {
      const never: never = ctx.prefer.return;
      throw new Error(`unknown Prefer return ${String(never)}`);
    }
  }
}
