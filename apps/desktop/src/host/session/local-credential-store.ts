/**
 * Offline credentials in the encrypted store's `offline_credentials` table (store migration 0001):
 * the credential JSON holds a scrypt verifier (never the password), the role and display name, the
 * server's signed offline grant and its pinned public key, the refresh token and the user's scope.
 * The row is re-validated on read: the file is trusted only as far as its key.
 */
import { z } from 'zod';
import { ROLES } from '@lantern/core';
import type { StoreDb } from '../store/store-db.ts';
import type { CredentialStore, OfflineCredential } from './credential-store.ts';

const CredentialSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  verifier: z.string(),
  grant: z.string().nullable(),
  expiresAt: z.string(),
  refreshToken: z.string().nullable(),
  scope: z.object({ careTeam: z.array(z.string()), unit: z.array(z.string()) }).nullable(),
  grantPublicKey: z.string().nullable(),
});

export function localCredentialStore(db: StoreDb, now: () => Date): CredentialStore {
  return {
    saveOfflineCredential(c: OfflineCredential) {
      const json = JSON.stringify(CredentialSchema.parse(c));
      db.write(() => {
        // A username moves with its user id: drop any older row for either before writing.
        db.run('DELETE FROM offline_credentials WHERE user_id = ? OR username = ?', c.userId, c.username);
        db.run('INSERT INTO offline_credentials (user_id, username, credential, expires_at, updated_at) VALUES (?, ?, ?, ?, ?)', c.userId, c.username, json, c.expiresAt, now().toISOString());
      });
      return Promise.resolve();
    },
    findOfflineCredential(username: string) {
      const row = db.get<{ credential: string }>('SELECT credential FROM offline_credentials WHERE username = ?', username);
      if (row === undefined) return Promise.resolve(null);
      const parsed = CredentialSchema.safeParse(JSON.parse(row.credential));
      return Promise.resolve(parsed.success ? parsed.data : null);
    },
  };
}
