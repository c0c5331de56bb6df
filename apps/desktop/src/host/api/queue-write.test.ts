import { ok, type LanternResource, type Mutation } from '@lantern/core';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import type { HostServices } from './host-services.ts';
import { queueMutation, type LocalWriter } from './queue-write.ts';

const PATIENT = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const ORDER_ID = '88888888-8888-4888-8888-000000000001';
const order = (dose: number, status = 'active'): LanternResource => ({
  resourceType: 'MedicationRequest', id: ORDER_ID, meta: { versionId: '2' }, status, intent: 'order', subject: { reference: `Patient/${PATIENT}` },
  medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '197361' }] },
  dosageInstruction: [{ doseAndRate: [{ doseQuantity: { value: dose, unit: 'mg' } }] }],
} as LanternResource);

/** A host whose store holds the 5 mg order and records what is queued. */
function host(role: 'nurse' | 'physician'): { w: LocalWriter; queued: Mutation[] } {
  const queued: Mutation[] = [];
  const services = {
    store: { getResource: () => ok(order(5)), applyLocalMutation: (m: Mutation) => (queued.push(m), ok({ outboxSeq: queued.length })) },
    sync: { kick: () => undefined },
  } as unknown as HostServices;
  return { w: { services, user: { userId: '33333333-3333-4333-8333-333333333333', role }, scope: { careTeam: [PATIENT], unit: [] } }, queued };
}
const update = (resource: LanternResource): Mutation => ({
  mutationId: '11111111-1111-4111-8111-111111111111', deviceId: 'dev-1', userId: '33333333-3333-4333-8333-333333333333', resourceType: 'MedicationRequest',
  resourceId: ORDER_ID, patientId: PATIENT, op: 'update', baseVersion: '2', resource: resource as unknown as Mutation['resource'], createdAt: '2026-12-03T10:00:00Z',
} as Mutation);

describe('queueMutation: the workstation applies the same write policy as the server, offline', () => {
  it('refuses a nurse a tenfold dose change, queues nothing', () => {
    const { w, queued } = host('nurse');
    let thrown: unknown;
    try {
      queueMutation(w, update(order(50)));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(TRPCError);
    expect((thrown as TRPCError).code).toBe('FORBIDDEN');
    expect((thrown as TRPCError).message).toMatch(/prescription/);
    expect(queued).toEqual([]);
  });

  it('queues a nurse holding the order, and a physician changing the dose', () => {
    const nurse = host('nurse');
    queueMutation(nurse.w, update(order(5, 'on-hold')));
    expect(nurse.queued).toHaveLength(1);
    const doctor = host('physician');
    queueMutation(doctor.w, update(order(50)));
    expect(doctor.queued).toHaveLength(1);
  });
});
