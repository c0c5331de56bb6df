import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const himApi = (c: HostClient): WorkstationApi['him'] => ({
  duplicates: call((input) => c.him.duplicates.query(input)),
  merges: call((input) => c.him.merges.query(input)),
  merge: call((input) => c.him.merge.mutate(input)),
  unmerge: call((input) => c.him.unmerge.mutate(input)),
  markNotDuplicate: call((input) => c.him.markNotDuplicate.mutate(input)),
});
