import { describe, expect, it } from 'vitest';
import { ehrLaunchUrl } from './launch-url.ts';

describe('EHR launch URL', () => {
  it('adds iss (the FHIR base) and launch, keeping the app\'s own parameters', () => {
    const u = new URL(ehrLaunchUrl('https://apps.example/growth/launch?theme=dark', 'http://127.0.0.1:4000/', 'abc'));
    expect(u.origin + u.pathname).toBe('https://apps.example/growth/launch');
    expect(u.searchParams.get('theme')).toBe('dark');
    expect(u.searchParams.get('iss')).toBe('http://127.0.0.1:4000/fhir/R4');
    expect(u.searchParams.get('launch')).toBe('abc');
  });

  it('never opens another scheme', () => {
    expect(() => ehrLaunchUrl('javascript:alert(1)', 'http://127.0.0.1:4000', 'abc')).toThrow(/http or https/);
    expect(() => ehrLaunchUrl('not a url', 'http://127.0.0.1:4000', 'abc')).toThrow(/not a valid URL/);
  });
});
