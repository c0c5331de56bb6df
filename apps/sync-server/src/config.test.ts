import { describe, expect, it } from 'vitest';
import { isLoopbackHost, optionsFromEnv, resolveConfig } from './config.ts';
import { loadEnv } from './env.ts';

describe('config', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '10.0.0.5', '::', 'example.org']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('refuses plain HTTP off loopback and demo accounts off loopback even with TLS', () => {
    expect(() => resolveConfig({ dataDir: '/x', host: '0.0.0.0' })).toThrow(/TLS_CERT/);
    expect(() => resolveConfig({ dataDir: '/x', host: '0.0.0.0', demo: true, tls: { certPath: 'c', keyPath: 'k' } })).toThrow(/Demo accounts/);
    expect(resolveConfig({ dataDir: '/x', host: '0.0.0.0', tls: { certPath: 'c', keyPath: 'k' } }).host).toBe('0.0.0.0');
  });

  it('parses the environment with defaults and names bad variables', () => {
    const o = optionsFromEnv(loadEnv({}));
    expect(o).toMatchObject({ port: 4000, host: '127.0.0.1', dataDir: './.lantern/server', demo: false, demoPassword: 'lantern-demo', offlineGrantHours: 72, breakGlassHours: 4 });
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadEnv({ LANTERN_TOKEN_SECRET: 'short' })).toThrow(/LANTERN_TOKEN_SECRET/);
    expect(() => optionsFromEnv(loadEnv({ TLS_CERT: '/c' }))).toThrow(/together/);
  });
});
