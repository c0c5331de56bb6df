import { describe, expect, it } from 'vitest';
import { contrastRatio } from './contrast.ts';
import { DIMMED, ERROR_TEXT, STATUSES, STATUS_COLORS, lanternTheme } from './theme.ts';

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
  it('error text reads on the light and dark surfaces (Mantine\'s default red does not)', () => {
    for (const bg of ['#ffffff', '#f1f3f5', '#fff5f5']) expect(contrastRatio(ERROR_TEXT.light, bg)).toBeGreaterThanOrEqual(4.5);
    for (const bg of ['#1a1b1e', '#242424', '#25262b', '#2e2e2e']) expect(contrastRatio(ERROR_TEXT.dark, bg)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#fa5252', '#ffffff')).toBeLessThan(4.5);
    expect(contrastRatio('#e03131', '#242424')).toBeLessThan(4.5);
  });
  it('red text and white on a filled red button pass in light (shade 6), red text in dark (shade 4)', () => {
    const red = lanternTheme.colors?.red;
    expect(contrastRatio(red?.[6] ?? '#fa5252', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(red?.[4] ?? '#e03131', '#242424')).toBeGreaterThanOrEqual(4.5);
  });
  it('a toast\'s description under its title uses the AA-safe dimmed grey, not Mantine\'s gray.6', () => {
    const styles: unknown = lanternTheme.components?.Notification?.styles;
    expect(styles).toEqual({ description: { color: 'var(--mantine-color-dimmed)' } });
    // Mantine's own description colour on the white toast (gray.6) fails; the dimmed grey passes on both toasts.
    expect(contrastRatio('#868e96', '#ffffff')).toBeLessThan(4.5);
    expect(contrastRatio(DIMMED.light, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(DIMMED.dark, '#2e2e2e')).toBeGreaterThanOrEqual(4.5);
  });
  it('a failing pair is caught', () => {
    expect(contrastRatio('#868e96', '#ffffff')).toBeLessThan(4.5);
  });
});
