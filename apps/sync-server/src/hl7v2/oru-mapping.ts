/**
 * ORU^R01 (HL7 v2.5.1 chapter 7.3.1) read into FHIR R4 resources, following the HL7 v2-to-FHIR
 * mapping (https://build.fhir.org/ig/HL7/v2-to-fhir/): each OBX becomes an Observation (OBX-3 LOINC
 * code, OBX-5 value with OBX-6 UCUM unit, OBX-7 reference range, OBX-8 abnormal flag as v3
 * interpretation, OBX-11 status), the OBR becomes the DiagnosticReport (OBR-4 code, OBR-7 collected,
 * OBR-22 issued, OBR-25 status) with the Observations as its results. Pure: no I/O.
 */
import { SYSTEM } from '@lantern/core';
import type { HL7Node, Message } from 'node-hl7-client';
import { at, field, segments, type Hl7Problem } from './message.ts';
import { fhirDateTime, interpretationOf, isLoincCode, parseRange, resultStatus } from './hl7-values.ts';

type Json = Record<string, unknown>;

export interface OruContext {
  patientId: string;
  /** The ServiceRequest the placer order number names, when Lantern knows it. */
  orderId: string | null;
  newId: () => string;
  now: Date;
  /** Shown as the performer (sending application and facility: no PHI). */
  performer: string;
}

export type OruMapping = { ok: true; report: Json & { id: string }; observations: (Json & { id: string })[] } | { ok: false; problem: Hl7Problem };

const LAB_CATEGORY = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB', display: 'Laboratory' }] };
const OBS_LAB = { coding: [{ system: SYSTEM.observationCategory, code: 'laboratory', display: 'Laboratory' }] };
const LOINC_NAMES = new Set(['LN', 'LOINC']);

/** OBX-3 / OBR-4 as a LOINC CodeableConcept, or the problem with it. */
function loincConcept(node: HL7Node, fieldNo: string, location: string): { ok: true; value: Json } | { ok: false; problem: Hl7Problem } {
  const code = at(node, `${fieldNo}.1`);
  const text = at(node, `${fieldNo}.2`);
  const system = at(node, `${fieldNo}.3`).toUpperCase();
  if (code === '') return { ok: false, problem: { condition: '101', text: `${location} code is required`, location } };
  if (!LOINC_NAMES.has(system) || !isLoincCode(code)) return { ok: false, problem: { condition: '103', text: `${location} is not a known LOINC code`, location } };
  return { ok: true, value: { coding: [{ system: SYSTEM.loinc, code, ...(text === '' ? {} : { display: text }) }], ...(text === '' ? {} : { text }) } };
}

function observationValue(obx: HL7Node, n: number): { ok: true; value: Json } | { ok: false; problem: Hl7Problem } {
  const type = at(obx, '2').toUpperCase();
  const raw = at(obx, '5');
  const location = `OBX^${n}^5`;
  switch (type) {
    case 'NM':
    case 'SN': {
      const num = Number(raw.replace(/^[=^]+/, ''));
      if (raw === '' || !Number.isFinite(num)) return { ok: false, problem: { condition: '102', text: `${location} is not a number`, location } };
      const unit = at(obx, '6.1');
      return { ok: true, value: { valueQuantity: { value: num, ...(unit === '' ? {} : { unit, system: SYSTEM.ucum, code: unit }) } } };
    }
    case 'ST':
    case 'TX':
    case 'FT':
      return raw === '' ? { ok: false, problem: { condition: '101', text: `${location} value is required`, location } } : { ok: true, value: { valueString: raw } };
    default:
      return { ok: false, problem: { condition: '102', text: `OBX^${n}^2 value type not supported`, location: `OBX^${n}^2` } };
  }
}

export function mapOru(m: Message, ctx: OruContext): OruMapping {
  const obr = segments(m, 'OBR')[0];
  if (obr === undefined) return { ok: false, problem: { condition: '100', text: 'OBR segment is required', location: 'OBR^1' } };
  const obxs = segments(m, 'OBX');
  if (obxs.length === 0) return { ok: false, problem: { condition: '100', text: 'at least one OBX segment is required', location: 'OBX^1' } };
  const reportCode = loincConcept(obr, '4', 'OBR^1^4');
  if (!reportCode.ok) return reportCode;
  const subject = { reference: `Patient/${ctx.patientId}` };
  const basedOn = ctx.orderId === null ? [] : [{ reference: `ServiceRequest/${ctx.orderId}` }];
  const collected = fhirDateTime(at(obr, '7'));
  const issued = fhirDateTime(at(obr, '22')) ?? ctx.now.toISOString();
  const observations: (Json & { id: string })[] = [];
  for (const [i, obx] of obxs.entries()) {
    const n = i + 1;
    const code = loincConcept(obx, '3', `OBX^${n}^3`);
    if (!code.ok) return code;
    const value = observationValue(obx, n);
    if (!value.ok) return value;
    const status = resultStatus(at(obx, '11'));
    if (status === null) return { ok: false, problem: { condition: '103', text: `OBX^${n}^11 result status must be F, C or P`, location: `OBX^${n}^11` } };
    const range = parseRange(at(obx, '7'));
    const unit = at(obx, '6.1');
    const q = (v: number) => ({ value: v, ...(unit === '' ? {} : { unit, system: SYSTEM.ucum, code: unit }) });
    const interp = interpretationOf(at(obx, '8'));
    const effective = fhirDateTime(at(obx, '14')) ?? collected;
    observations.push({
      resourceType: 'Observation',
      id: ctx.newId(),
      status,
      category: [OBS_LAB],
      code: code.value,
      subject,
      ...(basedOn.length === 0 ? {} : { basedOn }),
      ...(effective === null ? {} : { effectiveDateTime: effective }),
      issued,
      ...value.value,
      ...(interp === null ? {} : { interpretation: [{ coding: [{ system: SYSTEM.interpretation, code: interp.code, display: interp.display }], text: interp.display }] }),
      ...(range === null ? {} : { referenceRange: [{ ...(range.low === undefined ? {} : { low: q(range.low) }), ...(range.high === undefined ? {} : { high: q(range.high) }), text: at(obx, '7') }] }),
    });
  }
  // OBR-25 when given; otherwise the least final of the results.
  const obsStatuses = observations.map((o) => o['status']);
  const reportStatus = resultStatus(at(obr, '25')) ?? (obsStatuses.includes('preliminary') ? 'preliminary' : obsStatuses.includes('corrected') ? 'corrected' : 'final');
  const filler = at(obr, '3.1');
  const report = {
    resourceType: 'DiagnosticReport',
    id: ctx.newId(),
    status: reportStatus,
    ...(basedOn.length === 0 ? {} : { basedOn }),
    ...(filler === '' ? {} : { identifier: [{ type: { coding: [{ system: SYSTEM.identifierType, code: 'FILL' }] }, value: filler }] }),
    category: [LAB_CATEGORY],
    code: reportCode.value,
    subject,
    ...(collected === null ? {} : { effectiveDateTime: collected }),
    issued,
    performer: [{ display: ctx.performer }],
    result: observations.map((o) => ({ reference: `Observation/${o.id}` })),
  };
  return { ok: true, report, observations };
}

/** The placer order number: ORC-2, else OBR-2 (HL7 v2.5.1 4.5.1.2 / 4.5.3.2). */
export function placerOrderNumber(m: Message): string {
  return field(m, 'ORC.2.1') || field(m, 'OBR.2.1');
}
