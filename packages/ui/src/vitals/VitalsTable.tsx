import type { VitalSign } from '@lantern/core';
import { formatDateTime } from '../format/format.ts';
import { PendingMarker } from '../format/Pending.tsx';
import { relativeAge } from '../results/relativeAge.ts';
import { InterpretationFlag } from './InterpretationFlag.tsx';
import { rangeText, vitalValueText } from './VitalValue.tsx';

/** The latest vitals: value, flag in words, range, and when taken with how long ago. */
export function VitalsTable({ vitals, caption, now = new Date() }: { vitals: VitalSign[]; caption: string; now?: Date }) {
  if (vitals.length === 0) return <p className="muted">No vital signs recorded.</p>;
  return (
    <table className="data-table dense">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Measure</th>
          <th scope="col">Value</th>
          <th scope="col">Flag</th>
          <th scope="col">Reference range</th>
          <th scope="col">Taken</th>
        </tr>
      </thead>
      <tbody>
        {vitals.map((v) => (
          <tr key={v.observationId} className={v.interpretation !== null && v.interpretation !== 'N' ? 'abnormal' : undefined}>
            <th scope="row">{v.label}</th>
            <td>
              {vitalValueText(v)} <PendingMarker pending={v.pendingSync} />
            </td>
            <td>
              <InterpretationFlag interpretation={v.interpretation} />
            </td>
            <td className="nowrap">{rangeText(v.referenceRange)}</td>
            <td className="nowrap">{formatDateTime(v.effective)} <span className="muted age">{relativeAge(v.effective, now)}</span></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
