// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import type { LabPoint, LabSeries } from '@lantern/core';
import { LabTrendChart } from './LabTrendChart.tsx';

afterEach(cleanup);

const point = (effective: string, value: number, interpretation: LabPoint['interpretation'] = 'N'): LabPoint => ({
  observationId: effective, value, unit: 'mmol/L', effective, interpretation, referenceRange: { low: 3.5, high: 5.1 },
});

function xs(series: LabSeries): { x: number; grade: string | null }[] {
  const { container } = render(<LabTrendChart series={series} width={800} height={240} />);
  return [...container.querySelectorAll('[data-testid="trend-point"]')].map((el) => {
    const x = el.getAttribute('cx') ?? /^M([\d.]+),/.exec(el.getAttribute('d') ?? '')?.[1] ?? 'NaN';
    return { x: Number(x), grade: el.getAttribute('data-grade') };
  });
}

describe('LabTrendChart', () => {
  it('spaces points by time: a nine-day gap is nine times as wide as a one-day gap', () => {
    const pts = xs({ loinc: '2823-3', label: 'K', unit: 'mmol/L', points: [point('2026-11-01T08:00:00Z', 4.1), point('2026-11-02T08:00:00Z', 4.4), point('2026-11-11T08:00:00Z', 4.0)] });
    expect(pts).toHaveLength(3);
    const [a, b, c] = pts.map((p) => p.x) as [number, number, number];
    expect(b - a).toBeGreaterThan(0);
    expect((c - b) / (b - a)).toBeCloseTo(9, 1);
  });

  it('puts evenly timed points evenly, whatever order they arrive in', () => {
    const pts = xs({ loinc: '2823-3', label: 'K', unit: 'mmol/L', points: [point('2026-11-03T08:00:00Z', 4.1), point('2026-11-01T08:00:00Z', 4.4), point('2026-11-02T08:00:00Z', 4.0)] });
    const [a, b, c] = pts.map((p) => p.x) as [number, number, number];
    expect(c - b).toBeCloseTo(b - a, 3);
  });

  it('draws straight segments between measured values, and marks abnormal and critical points apart', () => {
    const { container } = render(<LabTrendChart series={{ loinc: '2823-3', label: 'K', unit: 'mmol/L', points: [point('2026-11-01T08:00:00Z', 4.1), point('2026-11-02T08:00:00Z', 5.6, 'H'), point('2026-11-05T08:00:00Z', 6.9, 'HH')] }} width={800} height={240} />);
    const line = container.querySelector('.recharts-line-curve')?.getAttribute('d') ?? '';
    expect(line).not.toMatch(/C/); // no Bezier curve commands: straight lines only
    const grades = [...container.querySelectorAll('[data-testid="trend-point"]')].map((el) => el.getAttribute('data-grade'));
    expect(grades).toEqual(['normal', 'abnormal', 'critical']);
  });
});
