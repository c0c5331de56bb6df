/**
 * One workstation of a convergence run: its own SQLCipher store, its own device key (enrolled at
 * its first sign-in), the real server client and the real sync loop. The only addition is a
 * recorder around `push` that keeps the verdict the workstation actually received for each of its
 * mutations: the checker's notion of "acknowledged".
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { unwrap, type PushResult, type Role } from '@lantern/core';
import { localAuditSink } from '../../session/local-audit-sink.ts';
import type { AuditSink } from '../../session/audit-sink.ts';
import { ephemeralDeviceKey } from '../../session/device-key.ts';
import { explicitKeyProvider, randomKey } from '../../store/key/key-provider.ts';
import type { LocalStore } from '../../store/local-store.ts';
import { openStore } from '../../store/open-store.ts';
import { localSyncStore } from '../local-sync-store.ts';
import { createServerApi, type ServerApi } from '../server-api.ts';
import { SyncLoop } from '../sync-loop.ts';

export interface Workstation {
  readonly name: string;
  readonly deviceId: string;
  readonly username: string;
  readonly userId: string;
  readonly role: Role;
  readonly careTeam: readonly string[];
  readonly unit: readonly string[];
  readonly store: LocalStore;
  readonly loop: SyncLoop;
  readonly audit: AuditSink;
  /** The last push verdict this workstation received, per mutation id. */
  readonly received: Map<string, PushResult>;
  close(): Promise<void>;
}

/** Signs in (retrying while the server is coming up), learns the scope, and builds the loop. */
export async function openWorkstation(o: { name: string; dir: string; baseUrl: string; username: string; password: string }): Promise<Workstation> {
  const deviceId = randomUUID();
  const store = unwrap(await openStore({ path: join(o.dir, `${o.name}.db`), keyProvider: explicitKeyProvider(randomKey()) })) as LocalStore;
  const api = createServerApi({ baseUrl: o.baseUrl, device: ephemeralDeviceKey(deviceId), timeoutMs: 15_000 });
  const received = new Map<string, PushResult>();
  const recording: ServerApi = {
    ...api,
    push: async (token, input) => {
      const out = await api.push(token, input);
      for (const r of out.results) received.set(r.mutationId, r);
      return out;
    },
  };
  const signIn = () => api.login({ username: o.username, password: o.password, deviceId });
  // The first sign-in happens before any fault, but a loaded machine can still time it out: retry it.
  let login = await (async () => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await signIn();
      } catch (e) {
        if (attempt >= 6) throw e;
        await new Promise((r) => setTimeout(r, 1000 * attempt));
      }
    }
  })();
  const scope = await api.scope(login.accessToken);
  const userId = login.user.userId;
  const loop = new SyncLoop({
    store: localSyncStore(store, { userId: () => userId, uuid: randomUUID, now: () => new Date() }),
    api: recording,
    deviceId,
    auth: {
      canSync: () => true,
      accessToken: () => login.accessToken,
      // A fresh sign-in stands in for the refresh flow: what is under test is the data, not the token.
      refresh: () => signIn().then((l) => { login = l; return true; }, () => false),
      userId,
    },
    backoffBaseMs: 100,
    backoffMaxMs: 1000,
  });
  return {
    name: o.name, deviceId, username: o.username, userId, role: login.user.role, careTeam: scope.careTeam, unit: scope.unit, store, loop,
    audit: localAuditSink(store, { deviceId, uuid: randomUUID, now: () => new Date() }),
    received,
    close: async () => {
      await loop.stop();
      store.close();
    },
  };
}
