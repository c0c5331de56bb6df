import type { Role } from '@lantern/core';

export interface NavItem { to: string; label: string; roles: readonly Role[] }

/** Workspaces in the top bar, by role. Add yours here. */
export const NAV_ITEMS: NavItem[] = [
  { to: '/patients', label: 'Patients', roles: ['physician', 'nurse', 'billing'] },
  // ---- results inbox ----
  { to: '/results', label: 'Results', roles: ['physician', 'nurse'] },
  // ---- registration ----
  { to: '/register', label: 'Register', roles: ['nurse', 'physician', 'registrar'] },
  { to: '/him', label: 'Duplicates', roles: ['registrar'] },
  // ---- privacy and administration ----
  { to: '/privacy', label: 'Privacy', roles: ['privacy_officer'] },
  { to: '/admin', label: 'Administration', roles: ['admin'] },
];
