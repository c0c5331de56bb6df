import { assertNever, type Role } from '@lantern/core';

/** Where each role starts after sign-in: its own workspace, not a screen it cannot use. */
export function landingPath(role: Role): string {
  switch (role) {
    case 'privacy_officer':
      return '/privacy';
    case 'admin':
      return '/admin';
    case 'registrar':
      return '/register';
    case 'physician':
    case 'nurse':
    case 'billing':
      return '/patients';
    default:
      return assertNever(role);
  }
}

export const ROLE_LABEL: Record<Role, string> = {
  physician: 'Physician', nurse: 'Nurse', billing: 'Billing', privacy_officer: 'Privacy officer', admin: 'Administrator', registrar: 'Registrar',
};
