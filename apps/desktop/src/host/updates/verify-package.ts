/**
 * Checks a downloaded package before it is offered for install: its SHA-512 must be the one the
 * server published AND the organisation's release key must have signed that digest with the
 * file's name and version (core releaseSignedText). A server or proxy that swaps the file, or
 * the digest and the file together, is refused.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { releaseSignedText, type UpdateOffer } from '@lantern/core/workstation-version';
import { err, ok, type Result } from '@lantern/core';

export function releaseKey(pem: string): KeyObject {
  const k = createPublicKey(pem);
  if (k.asymmetricKeyType !== 'ed25519') throw new Error('The release public key must be an Ed25519 key');
  return k;
}

async function sha512Of(path: string): Promise<{ digest: string; size: number }> {
  const h = createHash('sha512');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const b = chunk as Buffer;
    size += b.length;
    h.update(b);
  }
  return { digest: h.digest('base64'), size };
}

export async function verifyPackage(path: string, offer: UpdateOffer, key: KeyObject): Promise<Result<void, string>> {
  const { digest, size } = await sha512Of(path);
  if (size !== offer.size || digest !== offer.sha512) return err('The downloaded package does not match its published checksum');
  const text = Buffer.from(releaseSignedText({ fileName: offer.fileName, version: offer.version, sha512: digest }), 'utf8');
  if (!verify(null, text, key, Buffer.from(offer.signature, 'base64'))) return err('The package is not signed by your organisation\'s release key');
  return ok(undefined);
}
