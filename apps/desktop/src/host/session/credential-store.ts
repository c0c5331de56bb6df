/**
 * What sign-in needs from the local store: the offline credential saved at the last online sign-in
 * (a password verifier, never the password; the server's signed offline grant; the user's scope).
 */
import type { Role } from '@lantern/core';

export interface OfflineCredential {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  verifier: string;
  /** The server's signed offline grant; offline sign-in is refused after it expires. */
  grant: string | null;
  expiresAt: string;
  /** Lets the sync loop get a fresh access token once the server is back after an offline sign-in. */
  refreshToken: string | null;
  scope: { careTeam: string[]; unit: string[] } | null;
  /** The server's grant-signing public key, pinned at the first online sign-in. */
  grantPublicKey: string | null;
}

export interface CredentialStore {
  saveOfflineCredential(c: OfflineCredential): Promise<void>;
  findOfflineCredential(username: string): Promise<OfflineCredential | null>;
}
