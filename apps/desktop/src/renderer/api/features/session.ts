import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export function sessionApi(c: HostClient): WorkstationApi['session'] {
  let lastActivity = 0;
  return {
    current: call(() => c.session.current.query()),
    signIn: call((input) => c.session.signIn.mutate(input)),
    signOut: call(() => c.session.signOut.mutate()),
    unsyncedCount: call(() => c.session.unsyncedCount.query()),
    organisation: call(() => c.session.organisation.query()),
    changePassword: call((input) => c.session.changePassword.mutate(input)),
    reconnect: call((input) => c.session.reconnect.mutate(input)),
    lock: call(() => c.session.lock.mutate()),
    unlock: call((input) => c.session.unlock.mutate(input)),
    activity: () => {
      // Throttled: one heartbeat per 15 s of input is plenty for the host's idle check.
      const now = Date.now();
      if (now - lastActivity < 15_000) return;
      lastActivity = now;
      c.session.activity.mutate().catch(() => undefined);
    },
  };
}
