/** One clinician write to the local store: the resource and its outbox mutation in one transaction (create, or update on the held version). */
import { asDeviceId, asMutationId, asPatientId, asUserId, type LanternResource, type Mutation } from '@lantern/core';
import type { HostServices } from './host-services.ts';
import { must } from './trpc.ts';

export function queueWrite(services: HostServices, userId: string, patientId: string, resource: LanternResource, op: 'create' | 'update'): void {
  const m: Mutation = {
    mutationId: asMutationId(services.uuid()), deviceId: asDeviceId(services.deviceId), userId: asUserId(userId),
    resourceType: resource.resourceType, resourceId: (resource.id ?? '') as Mutation['resourceId'], patientId: asPatientId(patientId),
    op, baseVersion: op === 'create' ? null : (resource.meta?.versionId ?? null), resource: resource as unknown as Mutation['resource'], createdAt: services.now().toISOString(),
  };
  must(services.store.applyLocalMutation(m));
  services.sync.kick();
}
