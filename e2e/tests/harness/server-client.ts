/** Asks the sync server what it holds, over its public tRPC API (plain JSON), as a real client would. */
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';

async function call(base: string, kind: 'query' | 'mutation', path: string, input: unknown, token?: string): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const url = kind === 'query' ? `${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}` : `${base}/trpc/${path}`;
  const init: RequestInit = kind === 'query' ? { method: 'GET', headers } : { method: 'POST', headers, body: JSON.stringify(input) };
  const res = await fetch(url, init);
  const body = (await res.json()) as { result?: { data?: unknown }; error?: { message?: string } };
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${body.error?.message ?? ''}`);
  return body.result?.data;
}

/**
 * Signs in as a new workstation does: it makes an Ed25519 device key, fetches a nonce, and signs
 * the canonical login string with it (apps/sync-server/src/auth/device-proof.ts), enrolling the key.
 */
export async function login(base: string, username: string): Promise<string> {
  const deviceId = `e2e-${randomUUID()}`;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  const { nonce } = (await call(base, 'mutation', 'auth.challenge', { deviceId })) as { nonce: string };
  const message = ['lantern-device-proof/v1', 'login', deviceId, nonce, username].join('\n');
  const proof = sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64url');
  const input = { username, password: 'lantern-demo', deviceId, devicePublicKey: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, nonce, proof };
  const out = (await call(base, 'mutation', 'auth.login', input)) as { accessToken: string };
  return out.accessToken;
}

/** Every resource the user may pull, from a brand-new device (cursor null). */
export async function pullAll(base: string, token: string): Promise<{ resourceType: string; resourceId: string; resource: Record<string, unknown> | null }[]> {
  const all = [];
  let cursor: string | null = null;
  for (;;) {
    const page = (await call(base, 'mutation', 'sync.pull', { cursor, limit: 5000 }, token)) as {
      changes: { resourceType: string; resourceId: string; resource: Record<string, unknown> | null }[]; cursor: string; hasMore: boolean;
    };
    all.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return all;
  }
}

export interface ServerAuditEvent {
  action: string;
  patientId: string | null;
  userId: string;
  deviceId: string;
  detail: Record<string, unknown>;
}

export async function auditEvents(base: string, privacyToken: string, filter: { patientId?: string; action?: string }): Promise<ServerAuditEvent[]> {
  const out = (await call(base, 'query', 'audit.list', { ...filter, limit: 1000 }, privacyToken)) as { events: ServerAuditEvent[] };
  return out.events;
}
