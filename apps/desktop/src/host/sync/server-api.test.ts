import { LanternError } from '@lantern/core';
import { describe, expect, it } from 'vitest';
import type { DeviceSigner } from '../session/device-key.ts';
import { createServerApi } from './server-api.ts';

const device = { deviceId: 'device-1' } as unknown as DeviceSigner;
const answer = (status: number, body: string, headers: Record<string, string> = {}): typeof fetch =>
  (async () => new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } })) as typeof fetch;

async function refusal(fetchImpl: typeof fetch): Promise<LanternError> {
  const api = createServerApi({ baseUrl: 'http://127.0.0.1:1', device, fetch: fetchImpl });
  const e: unknown = await api.scope('token').then(() => null, (x: unknown) => x);
  if (!(e instanceof LanternError)) throw new Error('expected a LanternError');
  return e;
}

describe('server-api: throttled answers', () => {
  it('passes a throttled sign-in through as TOO_MANY_REQUESTS with the server message and Retry-After', async () => {
    const body = JSON.stringify({ error: { message: 'Too many failed sign-in attempts: try again in 40 seconds', code: -32029, data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, lanternCode: 'TOO_MANY_REQUESTS', issues: [] } } });
    const e = await refusal(answer(429, body, { 'retry-after': '40' }));
    expect(e.code).toBe('TOO_MANY_REQUESTS');
    expect(e.message).toBe('Too many failed sign-in attempts: try again in 40 seconds');
    expect(e.issues).toEqual([{ path: 'retryAfterSeconds', message: '40' }]);
  });

  it('a 429 without a JSON body (a proxy) is still TOO_MANY_REQUESTS, not "server unreachable"', async () => {
    const e = await refusal(answer(429, '<html>slow down</html>', { 'retry-after': '7' }));
    expect(e.code).toBe('TOO_MANY_REQUESTS');
    expect(e.message).toContain('7 seconds');
  });
});
