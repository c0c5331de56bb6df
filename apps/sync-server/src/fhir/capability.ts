/**
 * GET /metadata: the CapabilityStatement (http://hl7.org/fhir/R4/capabilitystatement.html),
 * generated from the routing table, the type registry and the search parameter table, so it lists
 * exactly what the server does. The security section documents the bearer tokens and the SMART
 * scopes each role maps to (scopes.ts).
 */
import { ROLES } from '@lantern/core';
import { ROUTES } from './routes.ts';
import { FHIR_TYPES, SYSTEM_INTERACTIONS } from './registry.ts';
import { scopesForRole } from './scopes.ts';
import { oauthUrisExtension } from '../smart/well-known.ts';
import { includeParams, SEARCH_PARAMS } from './search/params.ts';

const SECURITY = [
  'Bearer access tokens (RFC 6750) from the server\'s sign-in (tRPC auth.login; refresh with auth.refresh). Plain HTTP only on loopback.',
  'Every request is decided by Lantern\'s access policy (role x resource type x action x relation to the patient: care team, unit, break-glass) and written to the hash-chained audit log, the same as workstation sync.',
  'Scopes are SMART on FHIR compatible; today a token carries a role, which maps to these user-level scopes (an upper bound; each patient is still checked):',
  ...ROLES.map((r) => `${r}: ${scopesForRole(r).join(' ') || '(no FHIR access)'}`),
  'Updates and deletes of patient records are version-aware (versioning: versioned-update): send If-Match: W/"<versionId>" (or meta.versionId in the body); without either the answer is 428. A stale version is merged as workstation sync does; a conflicting change (or any change to a dose, route, frequency or status made since) is 409 and nothing is overwritten.',
  'Field-level policy: a role may change only the parts of a resource its role allows (e.g. a nurse may hold or resume a MedicationRequest but never change its medication, dose, route, frequency or requester); a signed note is never overwritten, only amended or marked entered-in-error. A refusal is 403.',
  'Bulk $export: kick off with Prefer: respond-async; files require the same bearer token (requiresAccessToken: true). Group ids: a unit code (e.g. WARD-4B) or my-patients (the caller\'s care team).',
].join('\n');

export function capabilityStatement(base: string, now: Date): object {
  const typeInteractions = new Set(ROUTES.flatMap((r) => (r.kind.type === 'type' ? [r.kind.interaction] : [])));
  const systemInteractions = new Set(ROUTES.flatMap((r) => (r.kind.type === 'system' ? r.kind.interaction : [])));
  const operations = ROUTES.flatMap((r) => (r.kind.type === 'operation' ? [r.kind] : []));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now.toISOString(),
    publisher: 'Lantern',
    kind: 'instance',
    software: { name: 'Lantern sync server' },
    implementation: { description: 'Lantern FHIR R4 API', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [{
      mode: 'server',
      security: {
        // SMART App Launch: where apps authorize (https://hl7.org/fhir/smart-app-launch/conformance.html).
        extension: [oauthUrisExtension(base.replace(/\/fhir\/R4$/, ''))],
        cors: false,
        service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }], text: 'Bearer tokens; SMART-compatible scopes' }],
        description: SECURITY,
      },
      resource: FHIR_TYPES.map((t) => ({
        type: t.type,
        interaction: t.interactions.filter((i) => typeInteractions.has(i)).map((code) => ({ code })),
        // Updates of patient records must name their base version (versioned-write.ts);
        // update-as-create works for a new client-chosen UUID, the way workstations create records.
        versioning: 'versioned-update',
        readHistory: true,
        updateCreate: true,
        conditionalCreate: true,
        conditionalRead: 'not-supported',
        conditionalUpdate: false,
        conditionalDelete: 'not-supported',
        searchInclude: includeParams(t.type).map((p) => `${t.type}:${p.name}`),
        searchRevInclude: FHIR_TYPES.flatMap((s) => includeParams(s.type).filter((p) => p.targets.includes(t.type)).map((p) => `${s.type}:${p.name}`)),
        searchParam: (SEARCH_PARAMS[t.type] ?? []).map((p) => ({ name: p.name, type: p.type, documentation: p.doc })),
        ...(operations.some((o) => o.resource === t.type)
          ? { operation: operations.filter((o) => o.resource === t.type).map((o) => ({ name: o.name, definition: o.definition })) }
          : {}),
      })),
      interaction: SYSTEM_INTERACTIONS.filter((i) => systemInteractions.has(i)).map((code) => ({ code })),
      operation: operations.filter((o) => o.resource === null || !FHIR_TYPES.some((t) => t.type === o.resource)).map((o) => ({ name: o.name, definition: o.definition })),
    }],
  };
}
