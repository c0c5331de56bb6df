/**
 * Resulted lab orders for a generated chart: the blood draws of the patient's latest visit with
 * labs become the orders a clinician placed (ServiceRequest, completed, requested by the visit's
 * clinician) and the laboratory's reports (DiagnosticReport final, `basedOn` the order, `result`
 * the visit's Observations). Only the latest visit: the screens need resulted orders to show, and
 * thousands of historical reports would add nothing but load. Ids come from their own random
 * stream, so adding orders changes no other generated value.
 */
import type { DiagnosticReport, Observation, Patient, Reference, ServiceRequest } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import { groupIntoPanels } from '../results/panels.ts';
import { serviceByLoinc } from '../orders/service-catalog.ts';
import { ANALYTES, type AnalyteKey } from './observations-catalog.ts';
import { meta } from './fhir-builders.ts';
import type { Rng } from './rng.ts';
import type { Visit } from './plan.ts';
import { isoInstant, MINUTE } from './time.ts';

const BY_LOINC = new Map<string, AnalyteKey>(Object.values(ANALYTES).filter((d) => d.category === 'laboratory').map((d) => [d.loinc, d.key]));
const LAB_CATEGORY = { coding: [{ system: SYSTEM.snomed, code: '108252007', display: 'Laboratory procedure' }] };
const V2_LAB = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB', display: 'Laboratory' }] };

const keyOf = (o: Observation): AnalyteKey | undefined => BY_LOINC.get(o.code.coding?.[0]?.code ?? '');
const flagOf = (o: Observation): string => o.interpretation?.[0]?.coding?.[0]?.code ?? 'N';

/** Orders and reports for the lab Observations of one visit (grouped by draw time, then by panel). */
export function buildResultedOrders(rng: Rng, visit: Visit, labs: readonly Observation[], patientRef: Reference<Patient>): (ServiceRequest | DiagnosticReport)[] {
  const out: (ServiceRequest | DiagnosticReport)[] = [];
  const draws = new Map<string, Observation[]>();
  for (const o of labs) {
    if (keyOf(o) === undefined || o.effectiveDateTime === undefined) continue;
    draws.set(o.effectiveDateTime, [...(draws.get(o.effectiveDateTime) ?? []), o]);
  }
  for (const [drawnAt, obs] of draws) {
    const keys = obs.map(keyOf).filter((k): k is AnalyteKey => k !== undefined);
    for (const panel of groupIntoPanels(keys)) {
      const entry = serviceByLoinc(panel.loinc);
      if (entry === undefined) continue;
      const members = obs.filter((o) => panel.keys.includes(keyOf(o) as AnalyteKey));
      const issued = members.map((o) => o.issued ?? drawnAt).sort().at(-1) ?? drawnAt;
      const orderedMs = Date.parse(drawnAt) - 10 * MINUTE;
      const orderId = rng.uuid();
      out.push({
        resourceType: 'ServiceRequest', id: orderId, meta: meta(orderedMs), status: 'completed', intent: 'order', priority: 'routine',
        category: [LAB_CATEGORY], code: { coding: [{ system: SYSTEM.loinc, code: entry.loinc, display: entry.name }], text: entry.name },
        subject: patientRef, encounter: { reference: `Encounter/${visit.id}` }, authoredOn: isoInstant(orderedMs), requester: visit.practitioner.reference,
      });
      const flagged = members.filter((o) => flagOf(o) !== 'N').length;
      out.push({
        resourceType: 'DiagnosticReport', id: rng.uuid(), meta: meta(Date.parse(issued)), status: 'final', basedOn: [{ reference: `ServiceRequest/${orderId}` }],
        category: [V2_LAB], code: { coding: [{ system: SYSTEM.loinc, code: entry.loinc, display: entry.name }], text: entry.name },
        subject: patientRef, encounter: { reference: `Encounter/${visit.id}` }, effectiveDateTime: drawnAt, issued,
        result: members.map((o) => ({ reference: `Observation/${o.id ?? ''}`, display: o.code.text ?? '' })),
        conclusion: flagged === 0 ? 'All results within the reference range.' : `${flagged} of ${members.length} result${members.length === 1 ? '' : 's'} outside the reference range.`,
      });
    }
  }
  return out;
}
