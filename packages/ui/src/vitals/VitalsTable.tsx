import type { VitalSign } from '@lantern/core';
import { formatDateTime } from '../format/format.ts';
import { PendingMarker } from '../format/Pending.tsx';
import { InterpretationFlag } from './InterpretationFlag.tsx';
import { rangeText, vitalValueText } from './VitalValue.tsx';

export function VitalsTable({ vitals, caption }: { vitals: VitalSign[]; caption: string }) {
  if (vitals.length === 0) return <p className="muted">No vital signs recorded.</p>;
  return (
    <table className="data-table">
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
            <td>{rangeText(v.referenceRange)}</td>
            <td>{formatDateTime(v.effective)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
