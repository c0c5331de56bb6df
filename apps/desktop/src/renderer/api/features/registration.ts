import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const registrationApi = (c: HostClient): WorkstationApi['registration'] => ({
  prepare: call(() => c.registration.prepare.mutate()),
  check: call((input) => c.registration.check.query(input)),
  register: call((input) => c.registration.register.mutate(input)),
});
