import type { ReactNode } from 'react';
import { MantineProvider, localStorageColorSchemeManager } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { lanternCssVariables, lanternTheme } from './theme.ts';

/** The colour scheme a user chose is kept on this workstation (not PHI; the same for every user). */
export const COLOR_SCHEME_KEY = 'lantern-color-scheme';
const colorSchemeManager = localStorageColorSchemeManager({ key: COLOR_SCHEME_KEY });

/**
 * Theme, colour scheme (light, dark or the OS setting, persisted) and toasts for every screen.
 * `env="test"` in component tests turns off transitions and portals.
 */
export function LanternProvider({ children, env }: { children: ReactNode; env?: 'default' | 'test' }) {
  return (
    <MantineProvider theme={lanternTheme} cssVariablesResolver={lanternCssVariables} colorSchemeManager={colorSchemeManager} defaultColorScheme="light" {...(env === undefined ? {} : { env })}>
      <Notifications position="bottom-right" limit={4} />
      {children}
    </MantineProvider>
  );
}
