import { useId, useState } from 'react';
import type { Card, DraftOrder } from '@lantern/core/cds';
import type { FormularyEntry, ServiceCatalogEntry } from '@lantern/core/orders';
import { CdsCards } from './CdsCards.tsx';
import { DrugSearch } from './DrugSearch.tsx';
import { LabOrderPicker } from './LabOrderPicker.tsx';
import { MedicationOrderForm, type MedicationOrderValues } from './MedicationOrderForm.tsx';
import { draftGaps } from './draftGaps.ts';

export interface OrderEntryProps {
  patient: { weightKg: number | null; ageYears: number | null };
  drafts: readonly DraftOrder[];
  /** Cards for the drafts (order-select while composing, order-sign before signing), computed by the caller. */
  cards: readonly Card[];
  overrides: Readonly<Record<string, string>>;
  /** Builds the draft (core buildMedicationOrder) and reruns CDS; returns field issues on failure. */
  onAddMedication(drug: FormularyEntry, values: MedicationOrderValues): readonly { path: string; message: string }[] | null;
  onAddService(entry: ServiceCatalogEntry, priority: 'routine' | 'urgent' | 'asap' | 'stat'): void;
  onRemoveDraft(ref: string): void;
  onOverride(cardUuid: string, reasonCode: string | null): void;
  onApplySuggestion(card: Card, suggestionUuid: string): void;
  onSign(): void;
  signing?: boolean;
  /** The clinician's password, confirming the signature. */
  password?: { value: string; onChange(value: string): void };
}

const label = (d: DraftOrder): string => d.resourceType === 'MedicationRequest'
  ? `${d.medicationCodeableConcept?.text ?? d.medicationCodeableConcept?.coding?.[0]?.display ?? 'Medication'} ${d.dosageInstruction?.[0]?.text ?? ''}`.trim()
  : `${d.code?.text ?? d.code?.coding?.[0]?.display ?? 'Test'} (${d.priority ?? 'routine'})`;

/** Order entry: find a drug, fill the dose form, add labs/imaging, review CDS cards, sign. */
export function OrderEntry(p: OrderEntryProps) {
  const id = useId();
  const [drug, setDrug] = useState<FormularyEntry | null>(null);
  const [issues, setIssues] = useState<readonly { path: string; message: string }[]>([]);
  const gaps = draftGaps(p.drafts);
  return (
    <section className="order-entry" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>New orders</h2>
      {drug === null ? <DrugSearch onSelect={setDrug} /> : (
        <MedicationOrderForm
          drug={drug} patient={p.patient} issues={issues}
          onCancel={() => { setDrug(null); setIssues([]); }}
          onSubmit={(values) => {
            const problems = p.onAddMedication(drug, values);
            if (problems === null || problems.length === 0) { setDrug(null); setIssues([]); } else setIssues(problems);
          }}
        />
      )}
      <LabOrderPicker onAdd={p.onAddService} />
      <h3>Draft orders ({p.drafts.length})</h3>
      {p.drafts.length === 0 ? <p className="muted">No draft orders.</p> : (
        <ul aria-label="Draft orders">
          {p.drafts.map((d) => {
            const ref = `${d.resourceType}/${d.id ?? ''}`;
            return <li key={ref}>{label(d)} <button type="button" onClick={() => p.onRemoveDraft(ref)} aria-label={`Remove ${label(d)}`}>Remove</button></li>;
          })}
        </ul>
      )}
      {p.drafts.length > 0 && (
        <CdsCards cards={p.cards} overrides={p.overrides} onOverride={p.onOverride} onApplySuggestion={p.onApplySuggestion} onSign={p.onSign}
          signing={p.signing ?? false} signLabel={`Sign ${p.drafts.length} order${p.drafts.length === 1 ? '' : 's'}`} refusals={gaps}
          {...(p.password === undefined ? {} : { password: p.password })} />
      )}
    </section>
  );
}
