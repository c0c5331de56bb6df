/** Lantern's roles (ARCHITECTURE.md, Server). A patient role comes later. */
export const ROLES = ['physician', 'nurse', 'billing', 'privacy_officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
