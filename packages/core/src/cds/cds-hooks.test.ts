import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { CDS_SERVICES, parseCdsHooksRequest, prefetchResources, toEvaluateInput } from './cds-hooks.ts';
import { NOW, PATIENT_ID, draft, med } from './test-fixtures.ts';

const bundle = (...resources: unknown[]) => ({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) });
const patient = { resourceType: 'Patient', id: PATIENT_ID, gender: 'female', birthDate: '1970-01-01' };

describe('CDS Hooks adapter helpers', () => {
  it('discovery lists order-select and order-sign with prefetch templates', () => {
    expect(CDS_SERVICES.map((s) => s.hook)).toEqual(['order-select', 'order-sign']);
    expect(CDS_SERVICES[1]?.prefetch.medications).toContain('{{context.patientId}}');
  });

  it('a request with prefetch becomes engine input; simvastatin + clarithromycin gives the critical card', () => {
    const req = parseCdsHooksRequest({
      hook: 'order-sign', hookInstance: 'f0e1d2c3-0000-4000-8000-000000000001',
      context: { userId: 'Practitioner/abc', patientId: PATIENT_ID, draftOrders: bundle(draft('36567')) },
      prefetch: {
        patient, medications: bundle(med('21212')), allergies: bundle(), conditions: bundle(), labs: bundle(), orders: bundle(),
      },
    });
    if (!req.ok) throw req.error;
    const pre = prefetchResources(req.value);
    expect(pre.missing).toEqual([]);
    const engineInput = toEvaluateInput(req.value, pre.patient ?? (patient as never), pre.resources, NOW);
    if (!engineInput.ok) throw engineInput.error;
    const result = evaluate(engineInput.value);
    if (!result.ok) throw result.error;
    expect(result.value[0]?.indicator).toBe('critical');
  });

  it('reports missing prefetch keys (for a 412 or a store lookup) and rejects a malformed request', () => {
    const req = parseCdsHooksRequest({
      hook: 'order-sign', hookInstance: 'x', context: { userId: 'u', patientId: PATIENT_ID, draftOrders: bundle() }, prefetch: { patient, labs: null },
    });
    if (!req.ok) throw req.error;
    expect(prefetchResources(req.value).missing).toEqual(['medications', 'allergies', 'conditions', 'labs', 'orders']);
    const bad = parseCdsHooksRequest({ hook: 'patient-view', context: {} });
    expect(bad.ok).toBe(false);
  });

  it('a malformed draft order is a BAD_INPUT naming the entry', () => {
    const req = parseCdsHooksRequest({
      hook: 'order-sign', hookInstance: 'x',
      context: { userId: 'u', patientId: PATIENT_ID, draftOrders: bundle({ resourceType: 'MedicationRequest', id: 'm1', status: 'draft' }) },
    });
    if (!req.ok) throw req.error;
    const r = toEvaluateInput(req.value, patient as never, [], NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues[0]?.path).toMatch(/^context\.draftOrders\.entry\[0\]\./);
  });
});
