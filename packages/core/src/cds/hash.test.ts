import { describe, expect, it } from 'vitest';
import { deterministicUuid } from './hash.ts';

// Card uuids are stored (overrides carried on orders, audit events, suppressions): the values
// must never change between releases. These were produced by the first (joined-string) version.
describe('deterministicUuid', () => {
  it('gives the same uuids as every earlier release', () => {
    expect(deterministicUuid(['a'])).toBe('5eb8e4e4-08de-8167-8f5f-05b958089485');
    expect(deterministicUuid(['a|b'])).toBe('775303b8-4e19-8b56-8a6c-38a5c5b7293f');
    expect(deterministicUuid(['a', 'b'])).toBe('c3ebb507-9f4c-84ac-9e2c-6d0713d2215b');
    expect(deterministicUuid(['drug-drug', 'onc-1', 'MedicationRequest/x', 'MedicationRequest/y'])).toBe('ff7adb68-fc7f-8a59-98a2-8be447650234');
    expect(deterministicUuid(['é', '\u0000', 'long'.repeat(50)])).toBe('0bfff865-f598-829f-8889-0b302f0c6954');
  });

  it('keeps parts apart: ["a|b"] and ["a", "b"] differ', () => {
    expect(deterministicUuid(['a|b'])).not.toBe(deterministicUuid(['a', 'b']));
  });

  it('is an RFC 9562 version 8 uuid', () => {
    for (const parts of [['x'], ['y', 'z'], ['MedicationRequest/1', 'cancel']]) {
      expect(deterministicUuid(parts)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});
