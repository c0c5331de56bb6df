/**
 * Lantern's roles (ARCHITECTURE.md, Server). A patient role comes later. `registrar`: front desk and
 * health information management (registration, demographics, duplicate review), no clinical content.
 */
export const ROLES = ['physician', 'nurse', 'billing', 'privacy_officer', 'admin', 'registrar'] as const;
export type Role = (typeof ROLES)[number];
