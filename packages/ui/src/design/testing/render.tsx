import type { ReactElement, ReactNode } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import { LanternProvider } from '../LanternProvider.tsx';
import './setup.ts';

/** Wraps a screen in the Lantern theme (test mode: no transitions, no portals) for a component test. */
export function LanternTestProvider({ children }: { children: ReactNode }) {
  return <LanternProvider env="test">{children}</LanternProvider>;
}

export function renderWithLantern(ui: ReactElement): RenderResult {
  return render(ui, { wrapper: LanternTestProvider });
}
