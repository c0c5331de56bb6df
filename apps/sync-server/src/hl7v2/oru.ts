/**
 * ORU^R01 from a lab interface: the results are filed through the server's FHIR API as the
 * interface's account (the demo lab's write path, lab-simulator/fhir-client.ts), in one FHIR
 * transaction: the Observations, the DiagnosticReport, and the order (ServiceRequest found by the
 * placer order number) marked completed when the report is final. So they are authorized by the
 * core policy, validated, audited, and reach the ordering clinician through the change feed like any
 * other write. A result for an order Lantern does not know is still filed against the patient and
 * the message is flagged `unknown-order` (AA with a warning ERR).
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
  const entries: unknown[] = mapped.observations.map(({ id, ...rest }) => ({ fullUrl: urn(id), resource: rest, request: { method: 'POST', url: 'Observation' } }));
  const { id: reportId, ...report } = mapped.report;
  const results = (report['result'] as { reference: string }[]).map((r) => ({ reference: urn(r.reference.replace(/^Observation\//, '')) }));
  entries.push({ fullUrl: urn(reportId), resource: { ...report, result: results }, request: { method: 'POST', url: 'DiagnosticReport' } });
  const completes = order !== null && report['status'] === 'final' && order.resource['status'] !== 'completed';
  if (completes) {
    entries.push({
      fullUrl: `ServiceRequest/${order.id}`,
      resource: { ...order.resource, status: 'completed' },
      request: { method: 'PUT', url: `ServiceRequest/${order.id}`, ifMatch: `W/"${order.version}"` },
    });
  }
  const res = await fhir.request('POST', '', { resourceType: 'Bundle', type: 'transaction', entry: entries });
  if (res.status !== 200) return appError(refused(res.status, 'Results'), patientId);
  if (order === null) {
    const warning: Hl7Problem = { condition: '204', severity: 'W', text: 'Placer order number not found: result filed against the patient and flagged', location: 'ORC^1^2' };
    return accepted(patientId, [warning], ['unknown-order']);
  }
  return accepted(patientId);
}
