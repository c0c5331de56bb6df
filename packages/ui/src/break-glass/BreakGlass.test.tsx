// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BreakGlassBanner } from './BreakGlassBanner.tsx';
import { BreakGlassDialog } from './BreakGlassDialog.tsx';
import { renderWithLantern } from '../design/testing/render.tsx';

afterEach(() => { cleanup(); vi.useRealTimers(); });

describe('break-glass dialog', () => {
  it('needs a reason before granting access; the reason and duration go to the caller', async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    renderWithLantern(<BreakGlassDialog patientLabel="MRN000123" durations={[30, 60]} onConfirm={onConfirm} onCancel={() => undefined} />);
    expect(screen.getByRole('dialog', { name: /emergency access/i })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText(/reason \(required\)/i));
    await user.click(screen.getByRole('button', { name: /open chart with emergency access/i }));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/choose a reason/i);
    await user.selectOptions(screen.getByLabelText(/reason \(required\)/i), 'Emergency treatment: patient cannot wait for normal access');
    await user.selectOptions(screen.getByLabelText(/access for/i), '60');
    await user.click(screen.getByRole('button', { name: /open chart with emergency access/i }));
    expect(onConfirm).toHaveBeenCalledWith({ reason: 'Emergency treatment: patient cannot wait for normal access', minutes: 60 });
  });

  it('"Other" needs a description of at least 10 characters', async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    renderWithLantern(<BreakGlassDialog patientLabel="MRN000123" onConfirm={onConfirm} onCancel={() => undefined} />);
    await user.selectOptions(screen.getByLabelText(/reason \(required\)/i), 'Other (describe below)');
    await user.type(screen.getByLabelText(/describe the reason/i), 'short');
    await user.click(screen.getByRole('button', { name: /open chart/i }));
    expect(onConfirm).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText(/describe the reason/i), ' but now long enough');
    await user.click(screen.getByRole('button', { name: /open chart/i }));
    expect(onConfirm).toHaveBeenCalledWith({ reason: 'short but now long enough', minutes: null });
    expect(screen.queryByLabelText(/access for/i)).toBeNull();
  });

  it('Escape cancels', async () => {
    const user = userEvent.setup();
    const onCancel = vi.fn();
    renderWithLantern(<BreakGlassDialog patientLabel="MRN000123" onConfirm={() => undefined} onCancel={onCancel} />);
    await user.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalled();
  });
});

describe('break-glass banner', () => {
  it('counts down the time left and ends the access at zero', () => {
    vi.useFakeTimers();
    let t = Date.parse('2026-11-23T12:00:00Z');
    const onExpire = vi.fn();
    renderWithLantern(<BreakGlassBanner expiresAt="2026-11-23T12:15:00Z" now={() => t} onExpire={onExpire} />);
    expect(screen.getByTestId('break-glass-left').textContent).toBe('15:00 left');
    expect(screen.getByRole('region', { name: /emergency access/i }).textContent).toMatch(/flagged for review/);
    act(() => { t += 61_000; vi.advanceTimersByTime(1000); });
    expect(screen.getByTestId('break-glass-left').textContent).toBe('13:59 left');
    act(() => { t += 14 * 60_000; vi.advanceTimersByTime(1000); });
    expect(onExpire).toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/has ended/);
  });
});
