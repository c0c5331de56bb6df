/**
 * What Electron main needs to hand a verified update to electron-updater (main/updater.ts): the
 * feed URL for this machine's channel, the bearer token the feed asks for, and the version and
 * SHA-512 the host verified against the organisation's release signature. It travels only over the
 * worker channel between main and the host (host-worker-protocol.ts), never over the renderer's IPC,
 * so no page ever sees a token. Refusals are values (CONVENTIONS.md #5).
 */
import { UPDATE_CHANNELS } from '@lantern/core/workstation-version';
import { z } from 'zod';

export const UPDATE_FEED_REFUSALS = [
  /** Nobody is signed in: the feed is not served anonymously, and the host hands out no token. */
  'signed-out',
  /** The host has not downloaded and verified an update (yet): nothing for electron-updater to install. */
  'nothing-verified',
  /** Signed in offline, or the token expired and could not be refreshed. */
  'no-token',
  /** The host worker stopped or answered something else. */
  'unavailable',
] as const;
export type UpdateFeedRefusal = (typeof UPDATE_FEED_REFUSALS)[number];

/**
 * The machine policy's network settings, for electron-updater's session (main/updater-network.ts):
 * its download must go through IT's proxy and trust IT's internal CA as the host's own requests do.
 * The CA is a public certificate, not a secret.
 */
export const UpdaterNetworkSchema = z.object({
  proxy: z.string().url().nullable(),
  trustedCaPem: z.string().min(1).nullable(),
});
export type UpdaterNetwork = z.infer<typeof UpdaterNetworkSchema>;
export const NO_UPDATER_NETWORK: UpdaterNetwork = { proxy: null, trustedCaPem: null };

export const UpdateFeedSchema = z.object({
  /** <server>/updates/<channel>/<platform>: electron-updater's generic provider appends latest*.yml. */
  url: z.string().url(),
  token: z.string().min(1),
  channel: z.enum(UPDATE_CHANNELS),
  /** The version and SHA-512 (base64) the host verified: electron-updater installs that file or nothing. */
  version: z.string().min(1),
  sha512: z.string().min(1),
  network: UpdaterNetworkSchema,
});
export type UpdateFeed = z.infer<typeof UpdateFeedSchema>;

export const UpdateFeedAnswerSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: UpdateFeedSchema }),
  z.object({ ok: z.literal(false), error: z.enum(UPDATE_FEED_REFUSALS) }),
]);
export type UpdateFeedAnswer = z.infer<typeof UpdateFeedAnswerSchema>;

export const feedRefused = (error: UpdateFeedRefusal): UpdateFeedAnswer => ({ ok: false, error });

const ExpClaim = z.object({ exp: z.number() });

/**
 * When a JWT expires (its `exp` claim, RFC 7519 section 4.1.4), read without verifying it: the host
 * only needs to know when to refresh; the server verifies. Null when the token is not a JWT with exp.
 */
export function tokenExpiresAt(token: string): Date | null {
  const payload = token.split('.')[1];
  if (payload === undefined) return null;
  try {
    const claims = ExpClaim.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return claims.success ? new Date(claims.data.exp * 1000) : null;
  } catch {
    return null;
  }
}

/** A token that expires within `marginMs` of now is refreshed first (electron-updater's download follows its check). */
export const expiresSoon = (token: string, now: Date, marginMs = 120_000): boolean => {
  const exp = tokenExpiresAt(token);
  return exp !== null && exp.getTime() - now.getTime() <= marginMs;
};

/** The worker's answer to main's request (host-worker.ts); a host without updates has nothing verified. */
export async function updateFeedFor(updates: { feedAccess(o: { refresh: boolean }): Promise<UpdateFeedAnswer> } | undefined, refresh: boolean): Promise<UpdateFeedAnswer> {
  if (updates === undefined) return feedRefused('nothing-verified');
  return updates.feedAccess({ refresh }).catch(() => feedRefused('unavailable'));
}
