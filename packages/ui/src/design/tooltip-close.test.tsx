/**
 * The theme's tooltips close at once. A closing fade (Mantine's default) starts two animation frames
 * after the pointer leaves and leaves the label half transparent over the screen meanwhile: under load
 * axe read the top bar's "Workstation settings" tooltip mid-fade at 1.2:1. Rendered with transitions on
 * (not the test env), so the fade is real here.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Button, Tooltip } from '@mantine/core';
import { expect, it } from 'vitest';
import { LanternProvider } from './LanternProvider.tsx';
import './testing/setup.ts';

it('a tooltip opens on hover and is gone as soon as the pointer leaves, with no fade left on screen', async () => {
  render(
    <LanternProvider>
      <Tooltip label="Workstation settings"><Button>Settings</Button></Tooltip>
    </LanternProvider>,
  );
  const target = screen.getByRole('button', { name: 'Settings' });
  fireEvent.mouseEnter(target);
  await waitFor(() => expect(screen.getByRole('tooltip')).toBeTruthy(), { timeout: 2_000 });
  act(() => void fireEvent.mouseLeave(target));
  expect(screen.queryByRole('tooltip')).toBeNull();
});
