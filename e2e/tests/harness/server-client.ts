/** Asks the sync server what it holds, over its public tRPC API (plain JSON), as a real client would. */
import { randomUUID } from 'node:crypto';

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

export async function login(base: string, username: string): Promise<string> {
  const out = (await call(base, 'mutation', 'auth.login', { username, password: 'lantern-demo', deviceId: `e2e-${randomUUID()}` })) as { accessToken: string };
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
