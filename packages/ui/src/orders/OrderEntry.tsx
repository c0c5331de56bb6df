import { useState } from 'react';
import { Box, SegmentedControl, Stack } from '@mantine/core';
import type { Card, DraftOrder } from '@lantern/core/cds';
import type { FormularyEntry, ResolvedOrderSet, ServiceCatalogEntry } from '@lantern/core/orders';
import { DraftBasket } from './DraftBasket.tsx';
import { DrugOrderPanel } from './DrugOrderPanel.tsx';
import { DrugSearch } from './DrugSearch.tsx';
import { LabOrderPicker } from './LabOrderPicker.tsx';
import type { MedicationOrderValues } from './MedicationOrderForm.tsx';
import { OrderSetPicker } from './OrderSetPicker.tsx';
import { draftGaps } from './draftGaps.ts';

export type OrderArea = 'medications' | 'tests' | 'sets';

export interface OrderEntryProps {
  patient: { weightKg: number | null; ageYears: number | null };
  drafts: readonly DraftOrder[];
  /** Cards for the drafts (order-select while composing, order-sign before signing), computed by the caller. */
  cards: readonly Card[];
  overrides: Readonly<Record<string, string>>;
  /** Builds the draft (core buildMedicationOrder) and reruns CDS; returns field issues on failure. */
  onAddMedication(drug: FormularyEntry, values: MedicationOrderValues): readonly { path: string; message: string }[] | null;
  onAddService(entry: ServiceCatalogEntry, priority: 'routine' | 'urgent' | 'asap' | 'stat'): void;
  onAddOrderSet?(set: ResolvedOrderSet, chosen: readonly string[]): void;
  onRemoveDraft(ref: string): void;
  onOverride(cardUuid: string, reasonCode: string | null): void;
  onApplySuggestion(card: Card, suggestionUuid: string): void;
  onSign(): void;
  signing?: boolean;
  checking?: boolean;
  /** The clinician's password, confirming the signature. */
  password?: { value: string; onChange(value: string): void };
}

const AREAS: { value: OrderArea; label: string }[] = [
  { value: 'medications', label: 'Medications' },
  { value: 'tests', label: 'Labs and imaging' },
  { value: 'sets', label: 'Order sets' },
];

/**
 * Order entry as one composer: on the left the place to find what to order (medications, labs and
 * imaging, order sets: separate areas); on the right, always in view, the draft basket with each
 * order's decision support cards beside it and one sign action.
 */
export function OrderEntry(p: OrderEntryProps) {
  const [area, setArea] = useState<OrderArea>('medications');
  const [drug, setDrug] = useState<FormularyEntry | null>(null);
  const gaps = draftGaps(p.drafts);
  return (
    <Box className="order-entry" style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1.25fr) minmax(360px, 1fr)', gap: 'var(--mantine-spacing-md)', alignItems: 'start' }}>
      <Stack gap="sm" component="section" aria-label="Find what to order">
        <SegmentedControl value={area} onChange={(v) => setArea(v as OrderArea)} data={AREAS} aria-label="What to order" fullWidth />
        {area === 'medications' && (drug === null ? <DrugSearch onSelect={setDrug} /> : (
          <DrugOrderPanel
            key={drug.rxcui} drug={drug} patient={p.patient} onCancel={() => setDrug(null)}
            onAdd={(values) => {
              const problems = p.onAddMedication(drug, values);
              if (problems === null || problems.length === 0) { setDrug(null); return null; }
              return problems;
            }}
          />
        ))}
        {area === 'tests' && <LabOrderPicker onAdd={p.onAddService} />}
        {area === 'sets' && p.onAddOrderSet !== undefined && <OrderSetPicker onAdd={p.onAddOrderSet} />}
      </Stack>
      {/* Sticky under the chart header, so the cards and Sign stay in view while the left side scrolls. */}
      <Box style={{ position: 'sticky', top: 'var(--lantern-composer-top, 12rem)' }}>
        <DraftBasket
          drafts={p.drafts} cards={p.cards} overrides={p.overrides} onRemove={p.onRemoveDraft} onOverride={p.onOverride} onApplySuggestion={p.onApplySuggestion}
          onSign={p.onSign} signing={p.signing ?? false} refusals={gaps} checking={p.checking ?? false} maxListHeight="calc(100vh - 22rem)"
          {...(p.password === undefined ? {} : { password: p.password })}
        />
      </Box>
    </Box>
  );
}
