import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LabSeries } from '@lantern/core';
import { displayUnit, formatDate } from '../format/format.ts';

/**
 * A lab's trend over time with its reference range drawn as a band, so values outside it stand out.
 * The chart is decorative for screen readers (aria-hidden): the same values are in the table beside it.
 */
export function LabTrendChart({ series }: { series: LabSeries }) {
  const points = [...series.points].sort((a, b) => a.effective.localeCompare(b.effective)).map((p) => ({ t: p.effective, value: p.value }));
  const range = series.points.find((p) => p.referenceRange !== null)?.referenceRange ?? null;
  const values = points.map((p) => p.value);
  const lo = Math.min(...values, range?.low ?? Infinity);
  const hi = Math.max(...values, range?.high ?? -Infinity);
  const pad = (hi - lo) * 0.1 || 1;
  return (
    <figure className="trend" aria-hidden="true" data-testid="lab-trend">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" tickFormatter={(t: string) => formatDate(t)} minTickGap={24} />
          <YAxis domain={[Math.floor(lo - pad), Math.ceil(hi + pad)]} width={48} />
          {range !== null && (
            <ReferenceArea y1={range.low ?? lo - pad} y2={range.high ?? hi + pad} fill="#2e7d32" fillOpacity={0.12} ifOverflow="extendDomain" />
          )}
          <Tooltip labelFormatter={(t) => formatDate(String(t))} />
          <Line type="monotone" dataKey="value" stroke="#1a4f8b" strokeWidth={2} dot={points.length <= 60} isAnimationActive={false} name={`${series.label} (${displayUnit(series.unit)})`} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
