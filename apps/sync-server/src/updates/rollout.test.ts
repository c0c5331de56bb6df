import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deviceBucket, deviceInRollout } from './rollout.ts';

describe('staged rollout by device', () => {
  it('gives each device the same answer every time, reaches about the stated share, and only grows as the percentage rises', () => {
    const ids = Array.from({ length: 5000 }, () => randomUUID());
    const at = (pct: number) => ids.filter((id) => deviceInRollout(id, pct));
    expect(ids.slice(0, 50).map(deviceBucket)).toEqual(ids.slice(0, 50).map(deviceBucket));
    const ten = at(10);
    const thirty = at(30);
    expect(ten.length / ids.length).toBeGreaterThan(0.07);
    expect(ten.length / ids.length).toBeLessThan(0.13);
    expect(thirty.length / ids.length).toBeGreaterThan(0.26);
    expect(thirty.length / ids.length).toBeLessThan(0.34);
    expect(ten.every((id) => thirty.includes(id))).toBe(true);
    expect(at(0)).toEqual([]);
    expect(at(100)).toHaveLength(ids.length);
  });
});
