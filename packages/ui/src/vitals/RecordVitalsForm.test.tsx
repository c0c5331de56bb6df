// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { VitalsInput } from '@lantern/core';
import { ApiProvider } from '../api/ApiContext.tsx';
import { fakeApi } from '../api/testing/fake-api.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { RecordVitalsForm } from './RecordVitalsForm.tsx';

const PATIENT = '00000000-0000-4000-8000-000000000001';

function setup() {
  const record = vi.fn((_input: VitalsInput) => Promise.resolve({ recorded: 2 }));
  const api = fakeApi({ vitals: { record } });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApiProvider api={api}>
        <LanternTestProvider>
          <RecordVitalsForm patientId={PATIENT} onDone={() => undefined} />
        </LanternTestProvider>
      </ApiProvider>
    </QueryClientProvider>,
  );
  return { record };
}

afterEach(cleanup);

// Typing into several fields is slow under jsdom on a loaded 2-core machine.
describe('RecordVitalsForm units', { timeout: 30_000 }, () => {
  it('accepts °F and lb, shows the unit being typed and the converted value, and saves °C and kg', async () => {
    const { record } = setup();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Temperature unit' }), 'F');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Weight unit' }), 'lb');
    await userEvent.type(screen.getByLabelText('Temperature (°F)'), '101.3');
    await userEvent.type(screen.getByLabelText('Weight (lb)'), '154');
    expect(screen.getByText('= 38.5 °C (saved in °C)')).toBeTruthy();
    expect(screen.getByText('= 69.85 kg (saved in kg)')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Save vitals' }));
    await waitFor(() => expect(record).toHaveBeenCalled());
    expect(record.mock.calls[0]?.[0]).toMatchObject({ patientId: PATIENT, temperatureC: 38.5, weightKg: 69.85 });
  });

  it('°C and kg are stored as typed', async () => {
    const { record } = setup();
    await userEvent.type(screen.getByLabelText('Temperature (°C)'), '37.2');
    await userEvent.type(screen.getByLabelText('Weight (kg)'), '70');
    await userEvent.click(screen.getByRole('button', { name: 'Save vitals' }));
    await waitFor(() => expect(record).toHaveBeenCalled());
    expect(record.mock.calls[0]?.[0]).toMatchObject({ temperatureC: 37.2, weightKg: 70 });
  });
});
