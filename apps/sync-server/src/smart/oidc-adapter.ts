// oidc-provider ships no type declarations; this file's are needed wherever the server's sources are type-checked (the desktop imports the router's type).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./oidc-provider.d.ts" />
/**
 * oidc-provider's storage in Postgres (its adapter interface,
 * https://github.com/panva/node-oidc-provider/blob/v8.x/example/my_adapter.js): every app server
 * behind a load balancer sees the same sessions, codes, grants and tokens. Registered apps
 * (`Client`) are read from `smart_clients`, where an administrator's registration puts them; they
 * are never written through the provider (no dynamic registration).
 */
import type pg from 'pg';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { z } from 'zod';

const PayloadRow = z.object({ payload: z.record(z.string(), z.unknown()), consumed_at: z.date().nullable() });
const ClientRow = z.object({ metadata: z.record(z.string(), z.unknown()) });

function toPayload(row: unknown): AdapterPayload | undefined {
  if (row === undefined) return undefined;
  const r = PayloadRow.parse(row);
  return r.consumed_at === null ? r.payload : { ...r.payload, consumed: Math.floor(r.consumed_at.getTime() / 1000) };
}

const LIVE = '(expires_at IS NULL OR expires_at > now())';

/** The adapter class oidc-provider instantiates once per model name. */
export function postgresAdapter(pool: pg.Pool): new (model: string) => Adapter {
  return class PostgresAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void> {
      if (this.model === 'Client') return;
      const expires = typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : null;
      await pool.query(
        `INSERT INTO smart_oidc (model, id, payload, grant_id, user_code, uid, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
        [this.model, id, JSON.stringify(payload), payload.grantId ?? null, payload.userCode ?? null, payload.uid ?? null, expires],
      );
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') {
        const r = await pool.query('SELECT metadata FROM smart_clients WHERE client_id = $1 AND active', [id]);
        return r.rows[0] === undefined ? undefined : ClientRow.parse(r.rows[0]).metadata;
      }
      const r = await pool.query(`SELECT payload, consumed_at FROM smart_oidc WHERE model = $1 AND id = $2 AND ${LIVE}`, [this.model, id]);
      return toPayload(r.rows[0]);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const r = await pool.query(`SELECT payload, consumed_at FROM smart_oidc WHERE model = $1 AND user_code = $2 AND ${LIVE}`, [this.model, userCode]);
      return toPayload(r.rows[0]);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const r = await pool.query(`SELECT payload, consumed_at FROM smart_oidc WHERE model = $1 AND uid = $2 AND ${LIVE}`, [this.model, uid]);
      return toPayload(r.rows[0]);
    }

    async consume(id: string): Promise<void> {
      await pool.query('UPDATE smart_oidc SET consumed_at = now() WHERE model = $1 AND id = $2', [this.model, id]);
    }

    async destroy(id: string): Promise<void> {
      await pool.query('DELETE FROM smart_oidc WHERE model = $1 AND id = $2', [this.model, id]);
    }

    /** Revoking a grant (a reused code or refresh token, a revoked consent) removes every token of it, whatever its model. */
    async revokeByGrantId(grantId: string): Promise<void> {
      await pool.query('DELETE FROM smart_oidc WHERE grant_id = $1', [grantId]);
    }
  };
}
