/**
 * What the organisation's release key signs for an update package, and the rollout rule both the
 * server and its tests rely on. The signature (Ed25519, detached) is over this text rather than
 * the file itself, so a package of any size is checked with one streamed SHA-512; the text binds the
 * file's digest to its name and version, so a signed old package cannot be replayed as a newer one.
 */
import { z } from 'zod';
import { SemverSchema } from './versions.ts';

export const UPDATE_CHANNELS = ['stable', 'pilot'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];
/** electron-builder's platform names (win, mac, linux). */
export const UPDATE_PLATFORMS = ['win', 'mac', 'linux'] as const;
export type UpdatePlatform = (typeof UPDATE_PLATFORMS)[number];

export const UpdateFileNameSchema = z.string().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a plain file name');
/** base64 of a SHA-512 digest, as latest.yml carries it. */
export const Sha512Base64Schema = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'base64 SHA-512');
export const SignatureBase64Schema = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'base64 Ed25519 signature');

/** The text the release key signs: `lantern-update-v1`, file name, version, base64 SHA-512, one per line. */
export function releaseSignedText(p: { fileName: string; version: string; sha512: string }): string {
  return `lantern-update-v1\n${p.fileName}\n${p.version}\n${p.sha512}`;
}

/** An offer the server makes to one workstation (updates.check). */
export const UpdateOfferSchema = z.object({
  version: SemverSchema,
  fileName: UpdateFileNameSchema,
  size: z.number().int().positive(),
  sha512: Sha512Base64Schema,
  signature: SignatureBase64Schema,
  releaseDate: z.string(),
  stagingPercentage: z.number().int().min(0).max(100),
});
export type UpdateOffer = z.infer<typeof UpdateOfferSchema>;

/**
 * A device's rollout bucket 0..99 from the first 32 bits of a digest of its id (the caller hashes:
 * core does no crypto). Raising the percentage only ever adds devices.
 */
export function rolloutBucket(deviceIdDigest: Uint8Array): number {
  const n = (((deviceIdDigest[0] ?? 0) << 24) >>> 0) + ((deviceIdDigest[1] ?? 0) << 16) + ((deviceIdDigest[2] ?? 0) << 8) + (deviceIdDigest[3] ?? 0);
  return n % 100;
}

export const inRollout = (bucket: number, percentage: number): boolean => bucket < percentage;
