/**
 * The CDS knowledge base's version, which the workstation reports to the server on every sync. The
 * host build replaces this module with the literal read from core at build time (vite.host.config.ts):
 * core keeps the version beside the kb's data tables, and importing it from there would load the
 * whole kb at start-up.
 */
export { KB_VERSION } from '@lantern/core/cds';
