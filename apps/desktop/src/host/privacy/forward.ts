/**
 * Inputs of the privacy and administrator procedures are forwarded to the server, which validates
 * them with its zod schemas (the trust boundary that decides); here they are only checked to be an
 * object and typed as the server's input, so the screens get the server's exact shapes.
 */
import type { AppRouter } from '@lantern/sync-server/router';
import type { inferRouterInputs } from '@trpc/server';
import { z } from 'zod';

export type ServerIn = inferRouterInputs<AppRouter>;

export const forwarded = <T>() => z.custom<T>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected an object');
