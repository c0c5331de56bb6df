import { describe, expect, it } from 'vitest';
import { consentScopes } from './consent-scopes.ts';

describe('what a consent can grant', () => {
  it('drops scopes the role could never use and system/ scopes', () => {
    const c = consentScopes('openid launch/patient patient/Observation.rs patient/Claim.rs system/Observation.c', 'nurse', null, false);
    expect(c.clinical).toEqual(['patient/Observation.rs']);
    expect(c.refused).toEqual(['patient/Claim.rs', 'system/Observation.c']);
    expect(c.context).toEqual(['openid', 'launch/patient']);
  });

  it('keeps to what the app was registered for, and launch only with a launch', () => {
    const c = consentScopes('launch openid patient/*.rs user/*.cruds', 'physician', 'launch openid patient/*.rs', false);
    expect(c.clinical).toEqual(['patient/*.rs']);
    expect(c.refused).toEqual(['launch', 'user/*.cruds']);
  });
});
