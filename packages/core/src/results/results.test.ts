import { describe, expect, it } from 'vitest';
import type { DiagnosticReport, Observation, ServiceRequest } from '../fhir/types.ts';
import { createRng } from '../synthetic/rng.ts';
import { acknowledgedReports, acknowledgementState, buildAcknowledgement, isAcknowledgement } from './acknowledgement.ts';
import { buildFlowsheet } from './flowsheet.ts';
import { gradeOf, worstGrade } from './grading.ts';
import { belongsInInbox, inboxCounts, sortInbox } from './inbox.ts';
import { buildLabReport } from './lab-report.ts';
import { reportView, type ResultReportView } from './report-view.ts';
import { orderResultStatus } from './result-status.ts';

const PATIENT = '0b7c2d7e-9a53-4a9e-8f0e-6f8f6c1c0a01';
const order = (loinc: string, over: Partial<ServiceRequest> = {}): ServiceRequest => ({
  resourceType: 'ServiceRequest', id: 'sr-1', status: 'active', intent: 'order',
  code: { coding: [{ system: 'http://loinc.org', code: loinc }], text: 'Basic metabolic panel (BMP)' },
  subject: { reference: `Patient/${PATIENT}` }, requester: { reference: 'Practitioner/p-ada', display: 'Dr. Ada' }, ...over,
});

describe('order result status', () => {
  it('reads ordered, in progress and resulted from the reports based on the order', () => {
    expect(orderResultStatus(order('51990-0'), [])).toBe('ordered');
    expect(orderResultStatus(order('51990-0'), [{ status: 'registered' }])).toBe('in-progress');
    expect(orderResultStatus(order('51990-0'), [{ status: 'preliminary' }, { status: 'final' }])).toBe('resulted');
    expect(orderResultStatus(order('51990-0'), [{ status: 'entered-in-error' }])).toBe('ordered');
    expect(orderResultStatus(order('51990-0', { status: 'revoked' }), [])).toBe('cancelled');
    expect(orderResultStatus(order('51990-0', { status: 'draft' }), [])).toBe('draft');
  });
});

describe('grading', () => {
  it('never reads a critical flag as merely abnormal', () => {
    expect(gradeOf('HH')).toBe('critical');
    expect(gradeOf('LL')).toBe('critical');
    expect(gradeOf('H')).toBe('abnormal');
    expect(gradeOf('N')).toBe('normal');
    expect(gradeOf(null)).toBe('unknown');
    expect(worstGrade(['normal', 'critical', 'abnormal'])).toBe('critical');
  });
});

describe('simulated lab report', () => {
  it('answers a BMP with five interpreted results, based on the order, final', () => {
    let n = 0;
    const { report, observations } = buildLabReport({ order: order('51990-0'), newId: () => `id-${++n}`, values: createRng(7), collectedAt: '2026-12-01T08:00:00Z', issuedAt: '2026-12-01T08:00:05Z' });
    expect(report.status).toBe('final');
    expect(report.basedOn?.[0]?.reference).toBe('ServiceRequest/sr-1');
    expect(observations.map((o) => o.code.text)).toEqual(['Glucose', 'Creatinine', 'eGFR', 'K', 'Na']);
    expect(report.result?.map((r) => r.reference)).toEqual(observations.map((o) => `Observation/${o.id ?? ''}`));
    for (const o of observations) expect(o.interpretation?.[0]?.coding?.[0]?.code).toMatch(/^(N|H|L|HH|LL)$/);
  });

  it('flags a value by its range: every abnormal draw is outside the range, every critical one past the limit', () => {
    let n = 0;
    const rng = createRng(11);
    let abnormal = 0;
    let critical = 0;
    for (let i = 0; i < 200; i++) {
      const { observations } = buildLabReport({ order: order('2823-3'), newId: () => `id-${++n}`, values: rng, collectedAt: '2026-12-01T08:00:00Z', issuedAt: '2026-12-01T08:00:05Z', abnormalShare: 0.5, criticalShare: 0.1 });
      const o = observations[0] as Observation;
      const v = o.valueQuantity?.value ?? NaN;
      const flag = o.interpretation?.[0]?.coding?.[0]?.code;
      if (flag === 'N') expect(v >= 3.5 && v <= 5.1).toBe(true);
      else if (flag === 'H' || flag === 'L') { abnormal++; expect(v < 3.5 || v > 5.1).toBe(true); }
      else { critical++; expect(v < 2.8 || v > 6.2).toBe(true); }
    }
    expect(abnormal).toBeGreaterThan(40);
    expect(critical).toBeGreaterThan(3);
  });
});

describe('acknowledgement and inbox', () => {
  const ack = buildAcknowledgement({ id: '5f0e3c2a-1111-4222-8333-444455556666', patientId: PATIENT, reportId: 'dr-1', practitioner: { reference: 'Practitioner/p-ada', display: 'Dr. Ada' }, at: '2026-12-01T09:00:00Z' });

  it('records who acknowledged which report, when, as a Provenance', () => {
    if (!ack.ok) throw new Error('not built');
    expect(ack.value.target[0]?.reference).toBe('DiagnosticReport/dr-1');
    expect(isAcknowledgement(ack.value)).toBe(true);
    expect(acknowledgedReports([ack.value]).get('dr-1')).toEqual([{ reportId: 'dr-1', version: null, by: 'Dr. Ada', at: '2026-12-01T09:00:00Z' }]);
  });

  it('names the version the clinician saw, and a corrected version needs review again', () => {
    const v2 = buildAcknowledgement({ id: '5f0e3c2a-1111-4222-8333-444455556667', patientId: PATIENT, reportId: 'dr-1', reportVersion: '2', practitioner: { reference: 'Practitioner/p-ada', display: 'Dr. Ada' }, at: '2026-12-01T09:00:00Z' });
    if (!v2.ok) throw new Error('not built');
    expect(v2.value.target[0]?.reference).toBe('DiagnosticReport/dr-1/_history/2');
    const acks = acknowledgedReports([v2.value]).get('dr-1');
    expect(acks).toEqual([{ reportId: 'dr-1', version: '2', by: 'Dr. Ada', at: '2026-12-01T09:00:00Z' }]);
    // The lab's correction is version 3: nothing covers it, and the earlier acknowledgement is named.
    expect(acknowledgementState(acks, '3')).toEqual({ current: null, superseded: acks?.[0] });
    expect(acknowledgementState(acks, '2')).toEqual({ current: acks?.[0], superseded: null });
    // An acknowledgement recorded before versions were named covers every version.
    if (!ack.ok) throw new Error('not built');
    expect(acknowledgementState(acknowledgedReports([ack.value]).get('dr-1'), '7').current?.by).toBe('Dr. Ada');
    expect(acknowledgementState(undefined, '1')).toEqual({ current: null, superseded: null });
  });

  it('refuses an acknowledgement without a clinician', () => {
    const bad = buildAcknowledgement({ id: '5f0e3c2a-1111-4222-8333-444455556666', patientId: PATIENT, reportId: 'dr-1', practitioner: { reference: 'nobody', display: '' }, at: '2026-12-01T09:00:00Z' });
    expect(bad.ok).toBe(false);
  });

  it('puts unacknowledged results of my orders in my inbox, newest first, and counts critical ones', () => {
    let n = 0;
    const built = buildLabReport({ order: order('2823-3'), newId: () => `x-${++n}`, values: { float: () => 7.4, chance: () => true }, collectedAt: '2026-12-01T08:00:00Z', issuedAt: '2026-12-01T08:00:05Z', abnormalShare: 1, criticalShare: 1 });
    const obs = new Map(built.observations.map((o) => [o.id ?? '', o]));
    const view = reportView(built.report, PATIENT, obs, order('2823-3'), undefined) as ResultReportView;
    expect(view.grade).toBe('critical');
    expect(belongsInInbox(view, 'Practitioner/p-ada')).toBe(true);
    expect(belongsInInbox(view, 'Practitioner/p-other')).toBe(false);
    expect(belongsInInbox({ ...view, acknowledged: { reportId: view.reportId, version: null, by: 'Dr. Ada', at: '2026-12-01T09:00:00Z' } }, 'Practitioner/p-ada')).toBe(false);
    const older = { ...view, reportId: 'older', issued: '2026-11-30T08:00:00Z', grade: 'normal' as const };
    expect(sortInbox([older, view]).map((v) => v.reportId)).toEqual([view.reportId, 'older']);
    expect(inboxCounts([older, view])).toEqual({ unacknowledged: 2, critical: 1, abnormal: 0 });
    const cancelled: DiagnosticReport = { ...built.report, status: 'entered-in-error' };
    expect(reportView(cancelled, PATIENT, obs, undefined, undefined)).toBeNull();
  });

  it('a corrected report acknowledged at its earlier version is back in the inbox, marked changed', () => {
    let n = 0;
    const built = buildLabReport({ order: order('2823-3'), newId: () => `y-${++n}`, values: { float: () => 4.0, chance: () => false }, collectedAt: '2026-12-01T08:00:00Z', issuedAt: '2026-12-01T08:00:05Z', abnormalShare: 0, criticalShare: 0 });
    const obs = new Map(built.observations.map((o) => [o.id ?? '', o]));
    const seen = { reportId: built.report.id ?? '', version: '1', by: 'Dr. Ada', at: '2026-12-01T09:00:00Z' };
    const v1 = reportView({ ...built.report, meta: { versionId: '1' } }, PATIENT, obs, order('2823-3'), [seen]) as ResultReportView;
    expect(v1.acknowledged).toEqual(seen);
    expect(belongsInInbox(v1, 'Practitioner/p-ada')).toBe(false);
    const corrected = reportView({ ...built.report, status: 'corrected', meta: { versionId: '2' } }, PATIENT, obs, order('2823-3'), [seen]) as ResultReportView;
    expect(corrected.acknowledged).toBeNull();
    expect(corrected.revised).toBe('corrected');
    expect(corrected.changedSinceAcknowledged).toEqual(seen);
    expect(belongsInInbox(corrected, 'Practitioner/p-ada')).toBe(true);
  });
});

describe('flowsheet', () => {
  it('puts tests in rows and days in columns, newest first, keeping the last value of a day', () => {
    const p = (id: string, effective: string, value: number) => ({ observationId: id, value, unit: 'mmol/L', effective, interpretation: 'N' as const, referenceRange: null });
    const sheet = buildFlowsheet([
      { loinc: '2823-3', label: 'K', unit: 'mmol/L', points: [p('a', '2026-11-01T08:00:00Z', 4.0), p('b', '2026-11-03T06:00:00Z', 4.4), p('c', '2026-11-03T18:00:00Z', 5.6)] },
      { loinc: '2951-2', label: 'Na', unit: 'mmol/L', points: [p('d', '2026-11-01T08:00:00Z', 140)] },
    ]);
    expect(sheet.dates).toEqual(['2026-11-03', '2026-11-01']);
    expect(sheet.rows[0]?.cells[0]).toEqual({ point: p('c', '2026-11-03T18:00:00Z', 5.6), count: 2 });
    expect(sheet.rows[1]?.cells).toEqual([null, { point: p('d', '2026-11-01T08:00:00Z', 140), count: 1 }]);
  });
});
