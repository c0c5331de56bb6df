/**
 * apps.*: SMART apps from the chart (EHR launch) and their registration by an administrator.
 * Online only, decided and audited on the server (smart.* there): the host asks the server to mint
 * a launch for the open patient and returns the URL to open (the renderer opens a new tab in
 * browser mode; Electron's main process hands it to shell.openExternal).
 */
import { z } from 'zod';
import { clinicalProcedure as activeProcedure, router } from '../api/trpc.ts';
import { forwarded, type ServerIn } from '../privacy/forward.ts';
import { onServer } from '../privacy/server-trpc.ts';
import { ehrLaunchUrl } from './launch-url.ts';
import { requireRead } from '../api/patient-access.ts';

type In = ServerIn['smart'];

export const appsRouter = router({
  /** Apps a clinician can open from the chart. */
  launchable: activeProcedure.query(({ ctx }) => onServer(ctx.services, (c) => c.smart.launchableApps.query())),
  /** An EHR launch of `clientId` for the open patient: the URL to open. */
  launch: activeProcedure.input(z.object({ patientId: z.uuid(), clientId: z.string().min(1).max(200) })).mutation(async ({ ctx, input }) => {
    // The app gets this patient's context: the caller must be able to open the chart here first (the server checks again).
    await requireRead(ctx, input.patientId, 'Patient');
    const minted = await onServer(ctx.services, (c) => c.smart.createLaunch.mutate(input));
    return { url: ehrLaunchUrl(minted.launchUrl, ctx.services.clinical.api.baseUrl, minted.launch), expiresAt: minted.expiresAt };
  }),
  // Administrator: registration of apps and system clients.
  clients: activeProcedure.query(({ ctx }) => onServer(ctx.services, (c) => c.smart.listClients.query())),
  registerClient: activeProcedure.input(forwarded<In['registerClient']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.smart.registerClient.mutate(input))),
  setClientActive: activeProcedure.input(forwarded<In['setClientActive']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.smart.setClientActive.mutate(input))),
});
