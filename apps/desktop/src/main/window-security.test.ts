import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../host/serve/csp.ts';
import { isAllowedNavigation, isExternalWebUrl, isTrustedSender, secureWebPreferences } from './window-security.ts';

const HOME = 'file:///opt/lantern/resources/app/dist/renderer/index.html';

describe('Electron window hardening', () => {
  it('isolates the renderer: context isolation, sandbox, no Node integration, no webviews', () => {
    const p = secureWebPreferences('/opt/lantern/preload.cjs');
    expect(p).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webviewTag: false, webSecurity: true });
  });

  it('lets the window reload the app but never navigate elsewhere', () => {
    expect(isAllowedNavigation(HOME, HOME)).toBe(true);
    expect(isAllowedNavigation(`${HOME}?x=1#chart`, HOME)).toBe(true);
    expect(isAllowedNavigation('https://evil.example/index.html', HOME)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', HOME)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', HOME)).toBe(false);
    expect(isAllowedNavigation('not a url', HOME)).toBe(false);
  });

  it('answers IPC only from the app frame', () => {
    expect(isTrustedSender(HOME, HOME)).toBe(true);
    expect(isTrustedSender('https://evil.example/', HOME)).toBe(false);
    expect(isTrustedSender(null, HOME)).toBe(false);
  });

  it('has a strict CSP: scripts only from the app, no eval, no framing, no plugins', () => {
    const directives = new Map(RENDERER_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(RENDERER_CSP).not.toContain('unsafe-eval');
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
  });
});

describe('new windows (SMART apps opened from the chart)', () => {
  it('sends only http(s) addresses to the system browser', () => {
    expect(isExternalWebUrl('https://apps.example/launch?iss=https%3A%2F%2Fehr&launch=abc')).toBe(true);
    expect(isExternalWebUrl('http://localhost:9000/launch')).toBe(true);
    expect(isExternalWebUrl('file:///etc/passwd')).toBe(false);
    expect(isExternalWebUrl('javascript:alert(1)')).toBe(false);
    expect(isExternalWebUrl('not a url')).toBe(false);
  });
});
