import { describe, expect, it } from 'vitest';
import { compareVersions } from './versions.ts';
import { decideWorkstationVersion, updateRequiredOf, workstationUpdateRequired } from './verdict.ts';

describe('workstation version negotiation', () => {
  it('orders versions as semver does, pre-releases before their release', () => {
    const sorted = ['1.10.0', '1.4.0', '1.4.0-rc.2', '1.4.0-rc.10', '0.9.9', '1.4.1'].sort(compareVersions);
    expect(sorted).toEqual(['0.9.9', '1.4.0-rc.2', '1.4.0-rc.10', '1.4.0', '1.4.1', '1.10.0']);
  });

  it('refuses an old app and an undeclared client once a minimum is set, naming the minimum in plain words', () => {
    const policy = { minimumAppVersion: '1.4.0', protocol: { min: 2, max: 3 } };
    const old = decideWorkstationVersion(policy, { appVersion: '1.3.9', protocol: { min: 2, max: 3 } });
    expect(old).toEqual({ ok: false, why: 'app-too-old', minimumVersion: '1.4.0' });
    expect(decideWorkstationVersion(policy, null).ok).toBe(false);
    expect(decideWorkstationVersion(policy, { appVersion: '1.4.0', protocol: { min: 2, max: 3 } })).toEqual({ ok: true, protocol: 3 });
    if (old.ok) throw new Error('unreachable');
    const e = workstationUpdateRequired(old);
    expect(e.message).toBe('This workstation must be updated to 1.4.0 or later before it can sync. Your unsynced work is kept.');
    expect(updateRequiredOf(e.issues)).toEqual({ minimumVersion: '1.4.0' });
  });

  it('treats an undeclared client as protocol 2, refused when the server requires 3', () => {
    expect(decideWorkstationVersion({ minimumAppVersion: null, protocol: { min: 2, max: 3 } }, null)).toEqual({ ok: true, protocol: 2 });
    expect(decideWorkstationVersion({ minimumAppVersion: null, protocol: { min: 3, max: 3 } }, null)).toMatchObject({ ok: false, why: 'protocol-too-old' });
    expect(decideWorkstationVersion({ minimumAppVersion: null, protocol: { min: 2, max: 3 } }, { appVersion: '9.0.0', protocol: { min: 4, max: 5 } })).toMatchObject({ ok: false, why: 'protocol-too-new' });
  });
});
