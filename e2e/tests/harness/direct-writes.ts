/**
 * Writes pushed straight at the sync server, bypassing the workstation, as a modified or hostile
 * client would: a sync.push mutation and a FHIR PUT. The server must re-check them on its own.
 */
import { randomUUID } from 'node:crypto';

/** The access token's subject and device (its payload, not verified here: the server verifies it). */
export function tokenClaims(token: string): { userId: string; deviceId: string } {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub: string; did: string };
  return { userId: payload.sub, deviceId: payload.did };
}

export type DirectPush =
  | { http: 'ok'; results: { status: string; code?: string; message?: string }[] }
  | { http: 'error'; status: number; code: string | undefined; message: string };

/** One update mutation on `baseVersion`, pushed with the token's own user and device. */
export async function pushUpdate(base: string, token: string, resource: Record<string, unknown> & { id: string; resourceType: string }, patientId: string, baseVersion: string): Promise<DirectPush> {
  const { userId, deviceId } = tokenClaims(token);
  const mutation = {
    mutationId: randomUUID(), deviceId, userId, resourceType: resource.resourceType, resourceId: resource.id, patientId,
    op: 'update', baseVersion, resource, createdAt: new Date().toISOString(),
  };
  const res = await fetch(`${base}/trpc/sync.push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ deviceId, mutations: [mutation] }) });
  const body = (await res.json()) as { result?: { data?: { results: { status: string; code?: string; message?: string }[] } }; error?: { message?: string; data?: { lanternCode?: string; code?: string } } };
  if (!res.ok) return { http: 'error', status: res.status, code: body.error?.data?.lanternCode ?? body.error?.data?.code, message: body.error?.message ?? '' };
  return { http: 'ok', results: body.result?.data?.results ?? [] };
}

/** FHIR update (http://hl7.org/fhir/R4/http.html#update) with If-Match on the version read. */
export async function fhirPut(base: string, token: string, resource: Record<string, unknown> & { id: string; resourceType: string }, version: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}/fhir/R4/${resource.resourceType}/${resource.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json', authorization: `Bearer ${token}`, 'if-match': `W/"${version}"` },
    body: JSON.stringify(resource),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** The same MedicationRequest with another structured dose. */
export function withDose(resource: Record<string, unknown>, dose: number): Record<string, unknown> & { id: string; resourceType: string } {
  const copy = structuredClone(resource) as Record<string, unknown> & { id: string; resourceType: string; dosageInstruction?: { doseAndRate?: { doseQuantity?: { value?: number } }[] }[] };
  const q = copy.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseQuantity;
  if (q === undefined) throw new Error('the order has no structured dose');
  q.value = dose;
  delete (copy as { meta?: unknown }).meta;
  return copy;
}
