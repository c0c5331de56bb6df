/**
 * Provisions a user for offline sign-in on a workstation without a server round trip, given a grant
 * the caller signed: for demos, benchmarks and tests that run the workstation with no sync server.
 * Production workstations get their credential from an online sign-in (session-manager.ts).
 */
import type { Role } from '@lantern/core';
import type { HostServices } from '../api/host-services.ts';
import type { LocalStore } from '../store/local-store.ts';
import { localCredentialStore } from './local-credential-store.ts';
import { makeVerifier } from './password-verifier.ts';

export async function provisionOfflineUser(
  services: HostServices,
  u: { userId: string; username: string; displayName: string; role: Role; password: string; grant: string; grantPublicKey: string; expiresAt: string; scope: { careTeam: string[]; unit: string[] } },
): Promise<void> {
  const credentials = localCredentialStore((services.store as LocalStore).db, services.now);
  await credentials.saveOfflineCredential({
    userId: u.userId, username: u.username, displayName: u.displayName, role: u.role, verifier: await makeVerifier(u.password),
    grant: u.grant, grantPublicKey: u.grantPublicKey, expiresAt: u.expiresAt, refreshToken: null, scope: u.scope,
  });
}
