// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { cleanup, screen, within } from '@testing-library/react';
import { renderWithLantern as render } from '../design/testing/render.tsx';
import userEvent from '@testing-library/user-event';
import type { Card, DraftOrder } from '@lantern/core/cds';
import { applySuggestion, buildMedicationOrder, prepareSign } from '@lantern/core/orders';
import { CdsCards } from './CdsCards.tsx';

afterEach(cleanup);

const PATIENT = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const NOW = '2026-11-23T12:00:00Z';
const clarithromycin: DraftOrder = {
  resourceType: 'MedicationRequest', id: '11111111-2222-4333-8444-555555555555', status: 'active', intent: 'order', subject: { reference: `Patient/${PATIENT}` },
  medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '21212' }], text: 'clarithromycin' },
} as DraftOrder;
const context = { patientId: PATIENT, ageYears: 60, sex: 'female' as const, weightKg: 70, activeMedications: [clarithromycin as never], allergies: [], conditions: [], labs: [], recentOrders: [] };

function simvastatinDraft(): DraftOrder {
  const r = buildMedicationOrder({ id: '88888888-8888-4888-8888-000000000001', patientId: PATIENT, requester: { reference: 'Practitioner/p1', display: 'Dr. Test' }, medication: { rxcui: '36567', name: 'simvastatin' }, dose: { value: 20, unit: 'mg' }, route: 'oral', frequency: 'HS', authoredOn: NOW });
  if (!r.ok) throw r.error;
  return r.value;
}

/** The real engine's cards for simvastatin ordered for a patient on clarithromycin. */
function Harness({ onSign }: { onSign: () => void }) {
  const [drafts, setDrafts] = useState<DraftOrder[]>([simvastatinDraft()]);
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const r = prepareSign(drafts, { context, now: NOW, userId: 'u1', deviceId: 'd1' });
  const cards: Card[] = r.ok ? r.value : [];
  return (
    <>
      <p data-testid="drafts">{drafts.length} drafts</p>
      <CdsCards cards={cards} overrides={overrides} onSign={onSign}
        onOverride={(uuid, code) => setOverrides((o) => { const n = { ...o }; if (code === null) delete n[uuid]; else n[uuid] = code; return n; })}
        onApplySuggestion={(card, s) => { const next = applySuggestion(drafts, card, s); if (next.ok) setDrafts(next.value); }} />
    </>
  );
}

describe('CDS cards on sign', () => {
  it('a critical card blocks Sign until an override reason is chosen', async () => {
    const user = userEvent.setup();
    const onSign = vi.fn();
    render(<Harness onSign={onSign} />);
    const critical = screen.getByTestId('cds-card-critical');
    expect(critical.textContent).toMatch(/simvastatin/i);
    const sign = screen.getByRole('button', { name: /sign orders/i });
    expect((sign as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/critical alert needs an override reason/i)).toBeTruthy();
    await user.click(sign);
    expect(onSign).not.toHaveBeenCalled();
    await user.selectOptions(within(critical).getByLabelText(/override reason \(required to sign\)/i), 'will-monitor');
    expect((screen.getByRole('button', { name: /sign orders/i }) as HTMLButtonElement).disabled).toBe(false);
    await user.click(screen.getByRole('button', { name: /sign orders/i }));
    expect(onSign).toHaveBeenCalledTimes(1);
  });

  it('groups cards by severity with headings', () => {
    render(<Harness onSign={() => undefined} />);
    expect(screen.getByRole('group', { name: /critical: override reason required/i })).toBeTruthy();
  });

  it('a suggestion applies in one click', async () => {
    const user = userEvent.setup();
    render(<Harness onSign={() => undefined} />);
    expect(screen.getByTestId('drafts').textContent).toBe('1 drafts');
    const critical = screen.getByTestId('cds-card-critical');
    await user.click(within(critical).getByRole('button', { name: /cancel this order/i }));
    expect(screen.getByTestId('drafts').textContent).toBe('0 drafts');
    expect(screen.queryByTestId('cds-card-critical')).toBeNull();
  });
});

describe('hard stops from the real engine', { timeout: 30_000 }, () => {
  it('amlodipine 1000 mg (100x the maximum): a hard stop with no override reason; Sign disabled even with a password', async () => {
    const user = userEvent.setup();
    const onSign = vi.fn();
    const r = buildMedicationOrder({ id: '88888888-8888-4888-8888-000000000002', patientId: PATIENT, requester: { reference: 'Practitioner/p1', display: 'Dr. Test' }, medication: { rxcui: '17767', name: 'amlodipine' }, dose: { value: 1000, unit: 'mg' }, route: 'oral', frequency: 'QD', authoredOn: NOW });
    if (!r.ok) throw r.error;
    const cards = prepareSign([r.value], { context: { ...context, activeMedications: [] }, now: NOW, userId: 'u1', deviceId: 'd1' });
    if (!cards.ok) throw cards.error;
    render(<CdsCards cards={cards.value} overrides={{}} onOverride={() => undefined} onApplySuggestion={() => undefined} onSign={onSign} password={{ value: 'typed', onChange: () => undefined }} />);
    const stop = screen.getByTestId('cds-card-hardstop');
    expect(stop.textContent).toMatch(/amlodipine/i);
    expect(within(stop).queryByRole('combobox')).toBeNull();
    const sign = screen.getByRole('button', { name: /sign orders/i }) as HTMLButtonElement;
    expect(sign.disabled).toBe(true);
    await user.click(sign);
    expect(onSign).not.toHaveBeenCalled();
  });
});
