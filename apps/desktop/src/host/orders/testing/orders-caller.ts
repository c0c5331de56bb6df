/**
 * The orders router on a real SQLCipher store as a signed-in user sees it, for the host's
 * integration tests: only the session, the sync kick and the audit sink are stand-ins; the offline
 * credential holds a real scrypt verifier of `password`.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@lantern/core';
import type { WritableStore } from '../../store/local-store.ts';
import { storeDbOf } from '../../notes/testing/store-db-of.ts';
import type { HostServices } from '../../api/host-services.ts';
import { ordersRouter } from '../orders-router.ts';
import type { AuditRecord } from '../../session/audit-sink.ts';
import { makeVerifier } from '../../session/password-verifier.ts';
import { CdsSuppressions } from '../cds-suppressions.ts';
import { BreakGlassGrants } from '../../break-glass/break-glass-grants.ts';

export interface OrdersCaller {
  caller: ReturnType<typeof ordersRouter.createCaller>;
  /** What the session audit sink was given (failed password checks). */
  audited: AuditRecord[];
}

export async function ordersCallerFor(
  store: WritableStore, user: { userId: string; role: Role; password: string }, now: Date,
  /** The suppression store (default: no organisation window). */
  suppressions: CdsSuppressions = new CdsSuppressions(storeDbOf(store)),
): Promise<OrdersCaller> {
  const username = `${user.role}-${user.userId}`;
  const verifier = await makeVerifier(user.password);
  const audited: AuditRecord[] = [];
  const sessionUser = { userId: user.userId, username, displayName: 'Test User', role: user.role };
  const services = {
    store, deviceId: 'ws-1', uuid: randomUUID, now: () => now, sync: { kick: () => undefined },
    // The user's care team is every patient in the store (the scope the server would send them).
    session: { requireActive: () => Promise.resolve({ user: sessionUser, scope: { careTeam: storeDbOf(store).all<{ patient_id: string }>('SELECT patient_id FROM patients').map((r) => r.patient_id), unit: [] } }) },
    audit: { record: (e: AuditRecord) => { audited.push(e); return Promise.resolve(); } },
    clinical: {
      grants: new BreakGlassGrants(() => now),
      suppressions,
      credentials: { findOfflineCredential: (name: string) => Promise.resolve(name === username ? { userId: user.userId, username, verifier } : null) },
    },
  } as unknown as HostServices;
  return { caller: ordersRouter.createCaller({ services }), audited };
}
