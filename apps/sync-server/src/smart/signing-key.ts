/**
 * The authorization server's signing key (id tokens, RS256), kept in Postgres so every app server
 * of one database signs with the same key and publishes the same JWKS. Made once, on first use.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import type pg from 'pg';
import { z } from 'zod';

const Row = z.object({ jwk: z.record(z.string(), z.unknown()) });

export async function loadOrCreateSigningKey(pool: pg.Pool): Promise<Record<string, unknown>> {
  const found = await pool.query('SELECT jwk FROM smart_signing_keys ORDER BY created_at LIMIT 1');
  if (found.rows[0] !== undefined) return Row.parse(found.rows[0]).jwk;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  // Two app servers starting together: the first insert wins and both read it back.
  await pool.query('INSERT INTO smart_signing_keys (kid, jwk) VALUES ($1, $2) ON CONFLICT DO NOTHING', [kid, JSON.stringify(jwk)]);
  const again = await pool.query('SELECT jwk FROM smart_signing_keys ORDER BY created_at LIMIT 1');
  return Row.parse(again.rows[0]).jwk;
}
