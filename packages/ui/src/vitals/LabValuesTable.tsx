import type { LabSeries } from '@lantern/core';
import { displayUnit, formatDateTime } from '../format/format.ts';
import { InterpretationFlag } from './InterpretationFlag.tsx';
import { rangeText } from './VitalValue.tsx';

/** One test's values, newest first (the numbers behind the trend chart, for reading and for screen readers). */
export function LabValuesTable({ series, limit = 12 }: { series: LabSeries; limit?: number }) {
  const rows = [...series.points].sort((a, b) => b.effective.localeCompare(a.effective));
  return (
    <table className="data-table dense">
      <caption>{series.label} results, newest first{rows.length > limit ? ` (latest ${limit} of ${rows.length})` : ''}</caption>
      <thead>
        <tr><th scope="col">Date</th><th scope="col">Value</th><th scope="col">Flag</th><th scope="col">Reference range</th></tr>
      </thead>
      <tbody>
        {rows.slice(0, limit).map((p) => (
          <tr key={p.observationId}>
            <th scope="row" className="nowrap">{formatDateTime(p.effective)}</th>
            <td className="nowrap">{p.value} {displayUnit(p.unit)}</td>
            <td><InterpretationFlag interpretation={p.interpretation} /></td>
            <td className="nowrap">{rangeText(p.referenceRange)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
