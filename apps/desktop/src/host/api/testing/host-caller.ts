/**
 * The whole host router on a real SQLCipher store, called as one signed-in user with the scope the
 * server sent them: several callers on one store are several clinicians sharing a workstation. Only
 * the session, the sync kick and the audit sink are stand-ins (the audit sink keeps what it is given).
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@lantern/core';
import type { LocalStore } from '../../store/local-store.ts';
import type { AuditRecord } from '../../session/audit-sink.ts';
import { makeVerifier } from '../../session/password-verifier.ts';
import { BreakGlassGrants } from '../../break-glass/break-glass-grants.ts';
import { CdsSuppressions } from '../../orders/cds-suppressions.ts';
import { NoteDrafts } from '../../notes/drafts.ts';
import { SigningKeys } from '../../notes/signing-keys.ts';
import { RecentViews } from '../../patients/recent-views.ts';
import type { HostServices } from '../host-services.ts';
import { hostRouter } from '../host-router.ts';

export interface TestUser {
  userId: string;
  username: string;
  role: Role;
  password: string;
  /** The server's scope for this user; null: the scope call failed (nothing may be shown). */
  scope: { careTeam: string[]; unit: string[] } | null;
}

export interface HostCaller {
  caller: ReturnType<typeof hostRouter.createCaller>;
  audited: AuditRecord[];
}

export async function hostCallerFor(store: LocalStore, user: TestUser, now: Date): Promise<HostCaller> {
  const verifier = await makeVerifier(user.password);
  const audited: AuditRecord[] = [];
  const sessionUser = { userId: user.userId, username: user.username, displayName: `Test ${user.role}`, role: user.role };
  const services = {
    store, deviceId: 'ws-shared', uuid: randomUUID, now: () => now, recentViews: new RecentViews(() => now),
    sync: { kick: () => undefined, status: () => Promise.resolve({ online: false, lastSyncAt: null, pending: 0, pendingOtherUsers: 0, conflicts: 0, initialSync: null, syncing: false, lastError: null, changeCount: 0 }) },
    session: {
      userId: user.userId,
      requireActive: () => Promise.resolve({ user: sessionUser, scope: user.scope }),
      accessToken: () => null,
    },
    audit: { record: (e: AuditRecord) => { audited.push(e); return Promise.resolve(); } },
    clinical: {
      db: store.db, grants: new BreakGlassGrants(() => now), suppressions: new CdsSuppressions(store.db), drafts: new NoteDrafts(store.db, () => now), keys: new SigningKeys(store.db),
      credentials: { findOfflineCredential: (name: string) => Promise.resolve(name === user.username ? { userId: user.userId, username: user.username, verifier } : null) },
      api: {},
    },
  } as unknown as HostServices;
  return { caller: hostRouter.createCaller({ services }), audited };
}
