/**
 * Turns resources into sync.pull changes, as if the server had sent them: how the demo, the
 * benchmarks and tests fill a store through the same write path the sync loop uses.
 */
import type { Change, LanternResource } from '@lantern/core';
import { patientIdOf } from './extract-columns.ts';

export function changesFor(resources: readonly LanternResource[], options: { firstSeq: number; lastUpdated: string; patientId?: string }): Change[] {
  return resources.map((r, i) => {
    const patientId = options.patientId ?? patientIdOf(r);
    if (patientId === null) throw new Error(`${r.resourceType} has no patient`);
    return {
      seq: String(options.firstSeq + i),
      resourceType: r.resourceType,
      resourceId: (r.id ?? '') as Change['resourceId'],
      patientId: patientId as Change['patientId'],
      version: '1',
      resource: r as unknown as Change['resource'],
      lastUpdated: options.lastUpdated,
    };
  });
}
