import { memo, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceArea, Tooltip, XAxis, YAxis } from 'recharts';
import type { LabSeries } from '@lantern/core';
import { gradeOf } from '@lantern/core/results';
import { displayUnit, formatDate, formatDateTime } from '../format/format.ts';

interface TrendPoint {
  t: number;
  value: number;
  flag: string | null;
}

/** Marks a point by its grade: critical and abnormal points are bigger, filled and shaped apart, not only coloured. */
function PointMark(props: { cx?: number; cy?: number; payload?: TrendPoint; index?: number }) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined || payload === undefined) return null;
  const grade = gradeOf(payload.flag);
  if (grade === 'critical') {
    const s = 6;
    return <path data-testid="trend-point" data-grade={grade} data-t={payload.t} d={`M${cx},${cy - s} L${cx + s},${cy} L${cx},${cy + s} L${cx - s},${cy} Z`} fill="var(--lantern-critical-fg, #b00020)" stroke="var(--lantern-critical-fg, #b00020)" />;
  }
  if (grade === 'abnormal') {
    return <circle data-testid="trend-point" data-grade={grade} data-t={payload.t} cx={cx} cy={cy} r={4.5} fill="var(--lantern-abnormal-fg, #8a4b00)" stroke="var(--lantern-abnormal-fg, #8a4b00)" />;
  }
  return <circle data-testid="trend-point" data-grade={grade} data-t={payload.t} cx={cx} cy={cy} r={3} fill="var(--lantern-surface, #fff)" stroke="var(--mantine-color-lantern-7, #1a4f8b)" strokeWidth={1.5} />;
}

/**
 * A lab's (or vital's) values over time. The x axis is TIME, not the sequence of results: a month
 * without a draw is a month-wide gap, and two draws an hour apart sit an hour apart. The line is
 * straight between measured values (`type="linear"`), because a curve would show values nobody
 * measured. The reference range is a shaded band; abnormal and critical points are marked by shape
 * and size as well as colour. Decorative for screen readers (aria-hidden): the same values are in the
 * table beside it. `width` fixes the size (component tests); otherwise the chart fills its container.
 */
export function LabTrendChart({ series, width, height = 240 }: { series: LabSeries; width?: number; height?: number }) {
  const ref = useRef<HTMLElement>(null);
  const measured = useVisibleWidth(ref, width === undefined);
  const w = width ?? measured;
  return (
    <figure ref={ref} className="trend" aria-hidden="true" data-testid="lab-trend" style={width === undefined ? { position: 'relative', height } : undefined}>
      {/* Out of the flow when it follows the container, so the drawn width never holds a narrowing grid column open. */}
      {w > 0 && (width === undefined
        ? <div style={{ position: 'absolute', inset: 0 }}><TrendLines series={series} width={w} height={height} /></div>
        : <TrendLines series={series} width={w} height={height} />)}
    </figure>
  );
}

/**
 * The container's width, kept while the container is hidden. A chart tab that is hidden (display: none)
 * measures 0 wide; recharts' ResponsiveContainer re-renders the whole chart at 0 and again at full width
 * each time the tab is left and shown. Ignoring the 0 keeps the chart as it was, so showing the tab again
 * is a style change, not a chart render.
 */
function useVisibleWidth(ref: RefObject<HTMLElement | null>, enabled: boolean): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!enabled || el === null) return undefined;
    const take = (w: number) => {
      const rounded = Math.floor(w);
      if (rounded > 0) setWidth(rounded);
    };
    take(el.getBoundingClientRect().width);
    const ro = new ResizeObserver((entries) => {
      for (const e of entries) take(e.contentRect.width);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, enabled]);
  return width;
}

/** The chart itself, memoised on its series and size: a re-render of the tab around it does not redraw it. */
const TrendLines = memo(function TrendLines({ series, width, height }: { series: LabSeries; width: number; height: number }) {
  const points: TrendPoint[] = [...series.points]
    .map((p) => ({ t: Date.parse(p.effective), value: p.value, flag: p.interpretation }))
    .filter((p) => Number.isFinite(p.t))
    .sort((a, b) => a.t - b.t);
  const range = [...series.points].reverse().find((p) => p.referenceRange !== null)?.referenceRange ?? null;
  const values = points.map((p) => p.value);
  const lo = Math.min(...values, range?.low ?? Infinity);
  const hi = Math.max(...values, range?.high ?? -Infinity);
  const pad = (hi - lo) * 0.1 || 1;
  const first = points[0]?.t ?? 0;
  const last = points[points.length - 1]?.t ?? 0;
  // A lone point still gets a day either side, so it is not drawn on the axis edge.
  const domain: [number, number] = first === last ? [first - 86_400_000, last + 86_400_000] : [first, last];
  return (
    <LineChart width={width} height={height} data={points} margin={{ top: 8, right: 20, bottom: 8, left: 8 }} accessibilityLayer={false}>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="t" type="number" scale="time" domain={domain} tickFormatter={(t: number) => formatDate(new Date(t).toISOString())} minTickGap={28} />
      <YAxis domain={[Math.floor(lo - pad), Math.ceil(hi + pad)]} width={52} />
      {range !== null && (
        <ReferenceArea y1={range.low ?? lo - pad} y2={range.high ?? hi + pad} fill="var(--lantern-normal-bg, #2e7d32)" fillOpacity={0.35} ifOverflow="extendDomain" />
      )}
      <Tooltip labelFormatter={(t) => formatDateTime(new Date(Number(t)).toISOString())} />
      <Line
        type="linear" dataKey="value" stroke="var(--mantine-color-lantern-7, #1a4f8b)" strokeWidth={2} isAnimationActive={false}
        dot={(p: { cx?: number; cy?: number; payload?: TrendPoint; index?: number }) => <PointMark key={`pt-${p.index ?? 0}`} {...p} />}
        activeDot={{ r: 5 }} name={`${series.label} (${displayUnit(series.unit)})`}
      />
    </LineChart>
  );
});
