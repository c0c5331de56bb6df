import { describe, expect, it } from 'vitest';
import { metricsAccess } from './metrics-access.ts';

describe('who may scrape /metrics', () => {
  it('without a token: loopback callers only', () => {
    expect(metricsAccess(null, '127.0.0.1', undefined)).toEqual({ ok: true });
    expect(metricsAccess(null, '::1', undefined)).toEqual({ ok: true });
    expect(metricsAccess(null, '::ffff:127.0.0.1', undefined)).toEqual({ ok: true });
    expect(metricsAccess(null, '10.1.2.3', undefined)).toMatchObject({ ok: false, status: 403 });
    expect(metricsAccess(null, '::ffff:10.1.2.3', 'Bearer anything')).toMatchObject({ ok: false, status: 403 });
  });
  it('with a token: the bearer token from anywhere, nothing without it', () => {
    const t = 'a-long-metrics-token-0123456789';
    expect(metricsAccess(t, '10.1.2.3', `Bearer ${t}`)).toEqual({ ok: true });
    expect(metricsAccess(t, '127.0.0.1', undefined)).toMatchObject({ ok: false, status: 401 });
    expect(metricsAccess(t, '10.1.2.3', `Bearer ${t}x`)).toMatchObject({ ok: false, status: 401 });
    expect(metricsAccess(t, '10.1.2.3', t)).toMatchObject({ ok: false, status: 401 });
  });
});
