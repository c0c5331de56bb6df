/**
 * ORU^R01 from a lab interface: the results are filed through the server's FHIR API as the
 * interface's account (the demo lab's write path, lab-simulator/fhir-client.ts), in one FHIR
 * transaction: the Observations, the DiagnosticReport, and the order (ServiceRequest found by the
 * placer order number) marked completed when the report is final. So they are authorized by the
 * core policy, validated, audited, and reach the ordering clinician through the change feed like any
 * other write. A result for an order Lantern does not know is still filed against the patient and
 * the message is flagged `unknown-order` (AA with a warning ERR).
 *
 * A later message about the same report (same patient, test, order and filler order number: a
 * preliminary result made final, a correction with OBR-25 `C`, a resend) updates that report and its
 * results in place, as new versions of the same resources, instead of filing a second copy beside
 * it: the chart shows one value per test, the corrected one. A result the new message no longer
 * carries is marked entered-in-error. Unchanged results are not rewritten.
 */
import { randomUUID } from 'node:crypto';
import type { Message } from 'node-hl7-client';
import type pg from 'pg';
import { z } from 'zod';
import { LabFhirClient } from '../lab-simulator/fhir-client.ts';
import type { Hl7Deps } from './deps.ts';
import { interfaceToken, joinCareTeam, type Hl7Interface } from './interfaces.ts';
import { accepted, appError, reject, type Hl7Outcome, type Hl7Problem } from './message.ts';
import { mapOru, placerOrderNumber } from './oru-mapping.ts';
import { patientByIdentifier, pidIdentifier } from './patients.ts';

const OrderRow = z.object({ id: z.string(), version: z.number(), resource: z.record(z.string(), z.unknown()) });

/** The ServiceRequest whose id or identifier is the placer order number, for this patient. */
async function orderFor(pool: pg.Pool, patientId: string, placer: string): Promise<z.infer<typeof OrderRow> | null> {
  if (placer === '') return null;
  const r = await pool.query(
    `SELECT id, version, resource FROM resources
      WHERE resource_type = 'ServiceRequest' AND patient_id = $1::uuid AND NOT deleted
        AND (id = $2 OR resource->'identifier' @> jsonb_build_array(jsonb_build_object('value', $2::text)))
      ORDER BY version DESC LIMIT 1`,
    [patientId, placer],
  );
  return r.rows[0] === undefined ? null : OrderRow.parse(r.rows[0]);
}

const StoredRow = z.object({ id: z.string(), version: z.number(), resource: z.record(z.string(), z.unknown()) });
type Stored = z.infer<typeof StoredRow>;
type Json = Record<string, unknown>;

const loincOf = (r: Json): string => ((r['code'] as { coding?: { code?: string }[] } | undefined)?.coding?.[0]?.code) ?? '';
const fillerOf = (r: Json): string => ((r['identifier'] as { value?: string }[] | undefined)?.[0]?.value) ?? '';

/**
 * The report this message revises: same patient, test code, order (or none) and filler number, not
 * withdrawn. With its current results, by LOINC code.
 */
async function reportToRevise(pool: pg.Pool, patientId: string, report: Json, orderId: string | null): Promise<{ report: Stored; results: Map<string, Stored> } | null> {
  const filler = fillerOf(report);
  const r = await pool.query(
    `SELECT id, version, resource FROM resources
      WHERE resource_type = 'DiagnosticReport' AND patient_id = $1::uuid AND NOT deleted
        AND resource->'code'->'coding'->0->>'code' = $2
        AND COALESCE(resource->'identifier'->0->>'value', '') = $3
        AND CASE WHEN $4::text IS NULL THEN NOT (resource ? 'basedOn') ELSE resource->'basedOn' @> jsonb_build_array(jsonb_build_object('reference', 'ServiceRequest/' || $4::text)) END
        AND resource->>'status' NOT IN ('entered-in-error', 'cancelled')
      ORDER BY (resource->>'issued') DESC NULLS LAST, id LIMIT 1`,
    [patientId, loincOf(report), filler, orderId],
  );
  if (r.rows[0] === undefined) return null;
  const existing = StoredRow.parse(r.rows[0]);
  const ids = ((existing.resource['result'] as { reference?: string }[] | undefined) ?? []).map((x) => (x.reference ?? '').replace(/^Observation\//, '')).filter((x) => x !== '');
  const obs = ids.length === 0 ? [] : z.array(StoredRow).parse((await pool.query(
    "SELECT id, version, resource FROM resources WHERE resource_type = 'Observation' AND patient_id = $1::uuid AND NOT deleted AND id = ANY($2::text[])", [patientId, ids],
  )).rows);
  return { report: existing, results: new Map(obs.map((o) => [loincOf(o.resource), o])) };
}

/** The same clinical content, whatever the ids, versions and issue time. */
function sameContent(a: Json, b: Json): boolean {
  const strip = ({ id: _id, meta: _meta, issued: _issued, result: _result, ...rest }: Json): string => JSON.stringify(rest, Object.keys(rest).sort());
  return strip(a) === strip(b);
}

const refused = (status: number, what: string): Hl7Problem => ({ condition: '207', text: `${what} refused by the record (HTTP ${status})` });

export async function handleOru(d: Hl7Deps, iface: Hl7Interface, m: Message): Promise<Hl7Outcome> {
  if (!m.exists('PID')) return reject({ condition: '100', text: 'PID segment is required', location: 'PID^1' });
  const ident = pidIdentifier(m, iface.sendingFacility);
  if (ident === null) return reject({ condition: '101', text: 'PID-3 patient identifier is required', location: 'PID^1^3' });
  const patientId = await patientByIdentifier(d.pool, ident);
  if (patientId === null) return appError({ condition: '204', text: 'Unknown patient identifier in PID-3', location: 'PID^1^3' });
  const placer = placerOrderNumber(m);
  const order = await orderFor(d.pool, patientId, placer);
  const mapped = mapOru(m, { patientId, orderId: order?.id ?? null, newId: randomUUID, now: d.clock.now(), performer: `${iface.sendingApplication} (${iface.sendingFacility})` });
  if (!mapped.ok) return appError(mapped.problem, patientId);

  // The interface joins this patient's care team: how the policy lets a lab file one patient's results.
  await joinCareTeam(d.pool, iface, patientId);
  const fhir = new LabFhirClient(d.app, () => interfaceToken(d.keys, d.clock, iface));
  const urn = (id: string) => `urn:uuid:${id}`;
  const { id: reportId, ...report } = mapped.report;
  const revising = await reportToRevise(d.pool, patientId, report, order?.id ?? null);
  const entries: unknown[] = [];
  const results: { reference: string }[] = [];
  for (const { id, ...obs } of mapped.observations) {
    const prior = revising?.results.get(loincOf(obs));
    if (prior === undefined) {
      entries.push({ fullUrl: urn(id), resource: obs, request: { method: 'POST', url: 'Observation' } });
      results.push({ reference: urn(id) });
      continue;
    }
    revising?.results.delete(loincOf(obs));
    results.push({ reference: `Observation/${prior.id}` });
    if (sameContent(prior.resource, obs)) continue;
    entries.push({ fullUrl: `Observation/${prior.id}`, resource: { ...obs, id: prior.id }, request: { method: 'PUT', url: `Observation/${prior.id}`, ifMatch: `W/"${prior.version}"` } });
  }
  // Results the revised report no longer carries are withdrawn, not left to read as current.
  for (const gone of revising?.results.values() ?? []) {
    const { meta: _meta, ...rest } = gone.resource;
    entries.push({ fullUrl: `Observation/${gone.id}`, resource: { ...rest, status: 'entered-in-error' }, request: { method: 'PUT', url: `Observation/${gone.id}`, ifMatch: `W/"${gone.version}"` } });
  }
  if (revising === null) {
    entries.push({ fullUrl: urn(reportId), resource: { ...report, result: results }, request: { method: 'POST', url: 'DiagnosticReport' } });
  } else if (entries.length > 0 || !sameContent(revising.report.resource, report)) {
    const id = revising.report.id;
    entries.push({ fullUrl: `DiagnosticReport/${id}`, resource: { ...report, id, result: results }, request: { method: 'PUT', url: `DiagnosticReport/${id}`, ifMatch: `W/"${revising.report.version}"` } });
  }
  const completes = order !== null && report['status'] === 'final' && order.resource['status'] !== 'completed';
  if (completes) {
    entries.push({
      fullUrl: `ServiceRequest/${order.id}`,
      resource: { ...order.resource, status: 'completed' },
      request: { method: 'PUT', url: `ServiceRequest/${order.id}`, ifMatch: `W/"${order.version}"` },
    });
  }
  if (entries.length > 0) {
    const res = await fhir.request('POST', '', { resourceType: 'Bundle', type: 'transaction', entry: entries });
    if (res.status !== 200) return appError(refused(res.status, 'Results'), patientId);
  }
  if (order === null) {
    const warning: Hl7Problem = { condition: '204', severity: 'W', text: 'Placer order number not found: result filed against the patient and flagged', location: 'ORC^1^2' };
    return accepted(patientId, [warning], ['unknown-order']);
  }
  return accepted(patientId);
}
