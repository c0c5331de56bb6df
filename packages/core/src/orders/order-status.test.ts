import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, nextStatuses, transitionOrder } from './order-status.ts';
import { buildMedicationOrder } from './medication-order.ts';
import { buildServiceOrder } from './service-order.ts';
import { NOW, PATIENT_ID, REQUESTER, orderInput } from './test-support.ts';

const mr = () => { const r = buildMedicationOrder(orderInput()); if (!r.ok) throw r.error; return r.value; };
const sr = () => { const r = buildServiceOrder({ id: '99999999-9999-4999-8999-000000000002', patientId: PATIENT_ID, requester: REQUESTER, loinc: '58410-2', authoredOn: NOW }); if (!r.ok) throw r.error; return r.value; };

describe('order status machine', () => {
  it('draft -> active -> stopped (with a reason); stopped orders cannot be restarted', () => {
    const active = transitionOrder(mr(), { to: 'active' });
    if (!active.ok) throw active.error;
    expect(transitionOrder(active.value, { to: 'stopped' }).ok).toBe(false); // no reason
    const stopped = transitionOrder(active.value, { to: 'stopped', reason: 'myalgia' });
    if (!stopped.ok) throw stopped.error;
    expect(stopped.value.status).toBe('stopped');
    expect(stopped.value.statusReason?.text).toBe('myalgia');
    const restart = transitionOrder(stopped.value, { to: 'active' });
    expect(!restart.ok && restart.error.code).toBe('CONFLICT');
  });
  it('a ServiceRequest stopped or cancelled is FHIR "revoked"', () => {
    const active = transitionOrder(sr(), { to: 'active' });
    if (!active.ok) throw active.error;
    const c = transitionOrder(active.value, { to: 'cancelled', reason: 'duplicate' });
    expect(c.ok && c.value.status).toBe('revoked');
  });
  it('every status can be marked entered-in-error except entered-in-error itself, which is terminal', () => {
    for (const s of ORDER_STATUSES) expect(nextStatuses(s).includes('entered-in-error')).toBe(s !== 'entered-in-error');
    expect(nextStatuses('entered-in-error')).toEqual([]);
    expect(nextStatuses('draft')).not.toContain('completed');
  });
});
