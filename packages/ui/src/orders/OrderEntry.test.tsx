// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OrderEntry } from './OrderEntry.tsx';

afterEach(cleanup);

const props = (over: Partial<Parameters<typeof OrderEntry>[0]> = {}) => ({
  patient: { weightKg: 82, ageYears: 16 }, drafts: [], cards: [], overrides: {},
  onAddMedication: vi.fn(() => null), onAddService: vi.fn(), onRemoveDraft: vi.fn(), onOverride: vi.fn(), onApplySuggestion: vi.fn(), onSign: vi.fn(),
  ...over,
});

describe('order entry', () => {
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
    await user.type(screen.getByLabelText(/find a test or study/i), 'a1c');
    await user.selectOptions(screen.getByLabelText(/priority/i), 'stat');
    await user.click(screen.getByRole('button', { name: /add hemoglobin a1c/i }));
    expect(p.onAddService).toHaveBeenCalledWith(expect.objectContaining({ loinc: '4548-4' }), 'stat');
  });
});
