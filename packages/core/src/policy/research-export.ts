/**
 * Who may request a de-identified research export (HIPAA Safe Harbor, 45 CFR 164.514(b)(2)).
 * The output carries no identifiers, but making it reads every chart, so it belongs to the
 * privacy office acting as honest broker, not to any clinical, billing or administrative role.
 * Kept as data beside the access matrix so `canExportDeidentified` is the only question asked.
 */
import type { Role } from './roles.ts';

export const RESEARCH_EXPORT_ROLES: readonly Role[] = ['privacy_officer'];
