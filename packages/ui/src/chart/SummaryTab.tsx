import type { ChartView } from '@lantern/core';
import { conceptText, displayUnit, dosageText, formatDate, formatDateTime } from '../format/format.ts';
import { InterpretationFlag } from '../vitals/InterpretationFlag.tsx';
import { VitalsTable } from '../vitals/VitalsTable.tsx';
import { rangeText } from '../vitals/VitalValue.tsx';

/** The chart at a glance: active problems and medications, allergies, latest vitals, recent labs. */
export function SummaryTab({ chart }: { chart: ChartView }) {
  const s = chart.summary;
  const showObs = chart.tabs.includes('vitals');
  return (
    <div className="summary-grid">
      <section aria-labelledby="sum-problems">
        <h2 id="sum-problems">Active problems</h2>
        {s.activeProblems.length === 0 ? <p className="muted">No active problems.</p> : (
          <ul>{s.activeProblems.map((c) => <li key={c.id}>{conceptText(c.code)} <span className="muted">since {formatDate(c.onsetDateTime ?? c.recordedDate)}</span></li>)}</ul>
        )}
      </section>
      {chart.tabs.includes('medications') && <section aria-labelledby="sum-meds">
        <h2 id="sum-meds">Active medications</h2>
        {s.activeMedications.length === 0 ? <p className="muted">No active medications.</p> : (
          <ul>{s.activeMedications.map((m) => <li key={m.id}>{conceptText(m.medicationCodeableConcept)} <span className="muted">{dosageText(m.dosageInstruction)}</span></li>)}</ul>
        )}
      </section>}
      {chart.tabs.includes('allergies') && <section aria-labelledby="sum-allergies">
        <h2 id="sum-allergies">Allergies</h2>
        {chart.summary.banner.allergyStatus === 'not-recorded' ? <p>Allergies not recorded</p> : chart.summary.banner.allergyStatus === 'nka' ? <p>No known allergies</p> : (
          <ul>{s.allergies.map((a) => <li key={a.id}>{conceptText(a.code)}{a.criticality === 'high' ? ' (high risk)' : ''}</li>)}</ul>
        )}
      </section>}
      {showObs && (
        <section aria-labelledby="sum-vitals">
          <h2 id="sum-vitals">Latest vitals</h2>
          <VitalsTable vitals={s.latestVitals} caption="Latest value of each vital sign" />
        </section>
      )}
      {showObs && (
        <section aria-labelledby="sum-labs">
          <h2 id="sum-labs">Recent labs</h2>
          {s.recentLabs.length === 0 ? <p className="muted">No lab results.</p> : (
            <table className="data-table">
              <caption>Latest value of each lab</caption>
              <thead><tr><th scope="col">Lab</th><th scope="col">Value</th><th scope="col">Flag</th><th scope="col">Range</th><th scope="col">Date</th></tr></thead>
              <tbody>
                {s.recentLabs.slice(0, 12).map((l) => (
                  <tr key={l.observationId}>
                    <th scope="row">{l.label}</th>
                    <td>{l.value} {displayUnit(l.unit)}</td>
                    <td><InterpretationFlag interpretation={l.interpretation} /></td>
                    <td>{rangeText(l.referenceRange)}</td>
                    <td>{formatDateTime(l.effective)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}
