/**
 * Signs in to the sync server as a new workstation does: a fresh Ed25519 device key, a nonce from
 * auth.challenge, and a signature over the canonical login string
 * (apps/sync-server/src/auth/device-proof.ts), which enrols the key. Benches time what follows,
 * never this.
 */
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const out = (await res.json()) as { result?: { data?: unknown }; error?: { message?: string } };
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${out.error?.message ?? ''}`);
  return out.result?.data;
}

/** Returns an access token for `username` (demo password) on a newly enrolled device. */
export async function deviceLogin(baseUrl: string, username: string, password = 'lantern-demo'): Promise<string> {
  const deviceId = randomUUID();
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const { nonce } = (await post(`${baseUrl}/trpc/auth.challenge`, { deviceId })) as { nonce: string };
  const message = ['lantern-device-proof/v1', 'login', deviceId, nonce, username].join('\n');
  const proof = sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64url');
  const devicePublicKey = { kty: 'OKP', crv: 'Ed25519', x: publicKey.export({ format: 'jwk' }).x };
  const out = (await post(`${baseUrl}/trpc/auth.login`, { username, password, deviceId, devicePublicKey, nonce, proof })) as { accessToken: string };
  return out.accessToken;
}
