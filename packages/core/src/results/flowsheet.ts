/**
 * A lab flowsheet: tests as rows, collection dates as columns (newest on the left, as clinicians
 * read a flowsheet across from today backwards), each cell the day's last value with its flag.
 * Several draws on one day keep the latest in the cell and say how many there were.
 */
import type { LabPoint, LabSeries } from '../chart/types.ts';

export interface FlowsheetCell {
  point: LabPoint;
  /** Values of this test that day (the cell shows the latest). */
  count: number;
}

export interface FlowsheetRow {
  loinc: string;
  label: string;
  unit: string;
  cells: (FlowsheetCell | null)[];
}

export interface Flowsheet {
  /** Calendar days (YYYY-MM-DD), newest first. */
  dates: string[];
  rows: FlowsheetRow[];
}

/** The date part of an ISO 8601 date-time as written (the local date of the collection). */
const dayOf = (iso: string): string => iso.slice(0, 10);

export function buildFlowsheet(series: readonly LabSeries[], opts: { maxDates?: number } = {}): Flowsheet {
  const maxDates = opts.maxDates ?? 12;
  const all = new Set<string>();
  for (const s of series) for (const p of s.points) all.add(dayOf(p.effective));
  const dates = [...all].sort((a, b) => b.localeCompare(a)).slice(0, maxDates);
  const col = new Map(dates.map((d, i) => [d, i]));
  const rows = series.map((s): FlowsheetRow => {
    const cells: (FlowsheetCell | null)[] = dates.map(() => null);
    for (const p of s.points) {
      const i = col.get(dayOf(p.effective));
      if (i === undefined) continue;
      const cur = cells[i];
      if (cur === null || cur === undefined) cells[i] = { point: p, count: 1 };
      else cells[i] = { point: p.effective > cur.point.effective ? p : cur.point, count: cur.count + 1 };
    }
    return { loinc: s.loinc, label: s.label, unit: s.unit, cells };
  }).filter((r) => r.cells.some((c) => c !== null));
  return { dates, rows };
}
