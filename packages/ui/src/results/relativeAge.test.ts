import { describe, expect, it } from 'vitest';
import { relativeAge } from './relativeAge.ts';

describe('relativeAge', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  it('says how old a value is in the unit a clinician would use', () => {
    expect(relativeAge('2026-12-01T11:50:00Z', now)).toBe('10 min ago');
    expect(relativeAge('2026-12-01T06:00:00Z', now)).toBe('6 h ago');
    expect(relativeAge('2026-11-26T12:00:00Z', now)).toBe('5 d ago');
    expect(relativeAge('2026-08-01T12:00:00Z', now)).toBe('4 mo ago');
    expect(relativeAge('2023-12-01T12:00:00Z', now)).toBe('3 y ago');
  });
});
