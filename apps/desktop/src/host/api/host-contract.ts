/**
 * The host router's inputs and outputs as types, for @lantern/ui: the screens' API shapes are inferred
 * from the router here instead of being declared twice (type-only; nothing of the host reaches the UI
 * bundle). Outputs are as they arrive over the wire (no data transformer: JSON).
 */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { HostRouter } from './host-router.ts';

export type HostInputs = inferRouterInputs<HostRouter>;
export type HostOutputs = inferRouterOutputs<HostRouter>;
