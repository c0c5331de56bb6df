// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { renderWithLantern as render } from '../design/testing/render.tsx';
import userEvent from '@testing-library/user-event';
import type { DraftOrder } from '@lantern/core/cds';
import { OrderEntry } from './OrderEntry.tsx';

afterEach(cleanup);

const props = (over: Partial<Parameters<typeof OrderEntry>[0]> = {}) => ({
  patient: { weightKg: 82, ageYears: 16 }, drafts: [], cards: [], overrides: {},
  onAddMedication: vi.fn(() => null), onAddService: vi.fn(), onRemoveDraft: vi.fn(), onOverride: vi.fn(), onApplySuggestion: vi.fn(), onSign: vi.fn(),
  ...over,
});

// Generous: the first search loads the knowledge base, and the test machines are shared.
describe('order entry', { timeout: 30_000 }, () => {
  it('finds a drug by name with the keyboard and orders it with dose, route and frequency', async () => {
    const user = userEvent.setup();
    const p = props();
    render(<OrderEntry {...p} />);
    await user.type(screen.getByRole('combobox', { name: /find a drug/i }), 'simva');
    expect(screen.getByRole('option', { name: /simvastatin/i })).toBeTruthy();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('heading', { name: /order simvastatin/i })).toBeTruthy();
    await user.type(screen.getByLabelText(/^dose$/i), '20');
    await user.selectOptions(screen.getByLabelText(/frequency/i), 'HS');
    await user.click(screen.getByRole('button', { name: /add to orders/i }));
    expect(p.onAddMedication).toHaveBeenCalledWith(expect.objectContaining({ rxcui: '36567' }), { dose: { value: 20, unit: 'mg' }, route: 'oral', frequency: 'HS' });
  });

  it('the weight-based helper fills the dose, capped at the knowledge base maximum with the reason', async () => {
    const user = userEvent.setup();
    render(<OrderEntry {...props()} />);
    await user.type(screen.getByRole('combobox', { name: /find a drug/i }), 'acetamin');
    await user.keyboard('{Enter}');
    await user.selectOptions(screen.getByLabelText(/frequency/i), 'Q6H');
    await user.type(screen.getByLabelText(/mg\/kg per dose/i), '15');
    await user.click(screen.getByRole('button', { name: /calculate dose/i }));
    expect((screen.getByLabelText(/^dose$/i) as HTMLInputElement).value).toBe('1000');
    expect(screen.getByTestId('weight-helper-result').textContent).toMatch(/Capped at 1000 mg/);
  });

  it('refuses an empty dose without calling the builder', async () => {
    const user = userEvent.setup();
    const p = props();
    render(<OrderEntry {...p} />);
    await user.type(screen.getByRole('combobox', { name: /find a drug/i }), 'lisino');
    await user.keyboard('{Enter}');
    await user.click(screen.getByRole('button', { name: /add to orders/i }));
    expect(screen.getByText(/enter a dose greater than 0/i)).toBeTruthy();
    expect(p.onAddMedication).not.toHaveBeenCalled();
  });

  it('adds a LOINC lab order with its priority', async () => {
    const user = userEvent.setup();
    const p = props();
    render(<OrderEntry {...p} />);
    // Labs and imaging are their own area, apart from medications.
    expect(screen.queryByLabelText(/find a test or study/i)).toBeNull();
    await user.click(screen.getByRole('radio', { name: 'Labs and imaging' }));
    await user.type(screen.getByLabelText(/find a test or study/i), 'a1c');
    await user.selectOptions(screen.getByLabelText(/priority/i), 'stat');
    await user.click(screen.getByRole('button', { name: /add hemoglobin a1c/i }));
    expect(p.onAddService).toHaveBeenCalledWith(expect.objectContaining({ loinc: '4548-4' }), 'stat');
  });

  it('a draft without a dose (a bare suggestion) says what it needs and cannot be signed; a complete one needs the password', async () => {
    const user = userEvent.setup();
    const bare = { resourceType: 'MedicationRequest', id: '99999999-0000-4000-8000-000000000001', status: 'draft', intent: 'order', subject: { reference: 'Patient/p' }, medicationCodeableConcept: { text: 'acetaminophen' } } as DraftOrder;
    const p = props({ drafts: [bare], password: { value: 'pw', onChange: vi.fn() } });
    const { rerender } = render(<OrderEntry {...p} />);
    expect(screen.getByRole('list', { name: 'Cannot be signed' }).textContent).toMatch(/acetaminophen needs a dose, a route, a frequency/);
    const sign = screen.getByRole('button', { name: 'Sign 1 order' }) as HTMLButtonElement;
    expect(sign.disabled).toBe(true);
    await user.click(sign);
    expect(p.onSign).not.toHaveBeenCalled();
    const complete = { ...bare, dosageInstruction: [{ route: { text: 'oral' }, timing: { code: { text: 'once daily' } }, doseAndRate: [{ doseQuantity: { value: 500, unit: 'mg' } }] }] } as DraftOrder;
    rerender(<OrderEntry {...p} drafts={[complete]} password={{ value: '', onChange: vi.fn() }} />);
    expect(screen.queryByRole('list', { name: 'Cannot be signed' })).toBeNull();
    expect((screen.getByRole('button', { name: 'Sign 1 order' }) as HTMLButtonElement).disabled).toBe(true);
    rerender(<OrderEntry {...p} drafts={[complete]} password={{ value: 'pw', onChange: vi.fn() }} />);
    expect((screen.getByRole('button', { name: 'Sign 1 order' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
