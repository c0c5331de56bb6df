/**
 * A token that fetches updates and nothing else. A workstation refused for its version gets one
 * with the refusal (only after its password and device key were proven), so it can still update
 * from its own server: it has no access token, and cannot get one until it is updated.
 */
import { LanternError } from '@lantern/core';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

const ISSUER = 'lantern-sync-server';
const AUDIENCE = 'lantern-updates';
const TTL_SECONDS = 3600;

export async function signUpdateToken(key: Uint8Array, deviceId: string, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ did: deviceId }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer(ISSUER).setAudience(AUDIENCE)
    .setSubject(deviceId).setIssuedAt(iat).setExpirationTime(iat + TTL_SECONDS).sign(key);
}

/** The device the token was issued to, or UNAUTHENTICATED. */
export async function verifyUpdateToken(key: Uint8Array, token: string, now: Date): Promise<{ deviceId: string }> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], currentDate: now });
    return { deviceId: z.object({ did: z.string().min(1) }).parse(payload).did };
  } catch {
    throw new LanternError('UNAUTHENTICATED', 'Invalid update token');
  }
}
