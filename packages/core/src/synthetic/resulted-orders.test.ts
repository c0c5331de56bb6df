import { describe, expect, it } from 'vitest';
import type { DiagnosticReport, Observation, ServiceRequest } from '../fhir/types.ts';
import { orderResultStatus } from '../results/result-status.ts';
import { generatePatients } from './record.ts';

describe('resulted orders in the synthetic data', () => {
  const panel = [...generatePatients({ seed: 2026, count: 40, heavyIndex: 0 })];

  it('gives most adults with labs completed lab orders whose final reports point at that chart\'s own results', () => {
    let withOrders = 0;
    for (const rec of panel) {
      const orders = rec.resources.filter((r): r is ServiceRequest => r.resourceType === 'ServiceRequest');
      const reports = rec.resources.filter((r): r is DiagnosticReport => r.resourceType === 'DiagnosticReport');
      const obs = new Map(rec.resources.filter((r): r is Observation => r.resourceType === 'Observation').map((o) => [`Observation/${o.id ?? ''}`, o]));
      if (orders.length > 0) withOrders++;
      for (const o of orders) {
        const mine = reports.filter((r) => r.basedOn?.[0]?.reference === `ServiceRequest/${o.id ?? ''}`);
        expect(mine).toHaveLength(1);
        expect(orderResultStatus(o, mine)).toBe('resulted');
        for (const ref of mine[0]?.result ?? []) {
          const result = obs.get(ref.reference ?? '');
          expect(result?.category?.[0]?.coding?.[0]?.code).toBe('laboratory');
          expect(result?.effectiveDateTime).toBe(mine[0]?.effectiveDateTime);
        }
      }
    }
    expect(withOrders).toBeGreaterThan(panel.length / 2);
  });
});
