/**
 * What the workstation host accepts and answers, inferred from its tRPC router (type-only import, the
 * one exception to "ui imports only core": ARCHITECTURE.md, Layout). Feature APIs name their data as
 * `HostIn['feature']['procedure']` / `HostOut[...]`, never by hand, so a change to the router shows up
 * here as a compile error in the screen that uses it.
 */
export type { HostInputs as HostIn, HostOutputs as HostOut } from '../../../../apps/desktop/src/host/api/host-contract.ts';
