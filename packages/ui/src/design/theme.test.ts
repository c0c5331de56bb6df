import { describe, expect, it } from 'vitest';
import { contrastRatio } from './contrast.ts';
import { DIMMED, STATUSES, STATUS_COLORS } from './theme.ts';

describe('Lantern theme contrast (WCAG 2.2 AA, 4.5:1 for text)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const s of STATUSES) {
      it(`${s} text reads on its badge in ${scheme}`, () => {
        const p = STATUS_COLORS[scheme][s];
        expect(contrastRatio(p.fg, p.bg)).toBeGreaterThanOrEqual(4.5);
      });
    }
  }
  it('dimmed text reads on white and on the dark page', () => {
    expect(contrastRatio(DIMMED.light, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(DIMMED.light, '#f1f3f5')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(DIMMED.dark, '#242424')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(DIMMED.dark, '#2e2e2e')).toBeGreaterThanOrEqual(4.5);
  });
  it('a failing pair is caught', () => {
    expect(contrastRatio('#868e96', '#ffffff')).toBeLessThan(4.5);
  });
});
