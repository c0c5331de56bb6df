/**
 * smart.*: app registration by an administrator, and EHR launch contexts for the workstation.
 * Access is the core policy's: registering or listing apps is a Device write/read (system
 * integrations are devices of the organisation); minting a launch needs read access to the patient.
 */
import { LanternError } from '@lantern/core';
import { z } from 'zod';
import { authedProcedure, policyProcedure, router } from '../trpc.ts';
import { listClients, registerClient, RegisterClientInput, setClientActive } from './clients.ts';
import { mintLaunch } from './launch.ts';

const LaunchableRow = z.object({ client_id: z.string(), name: z.string(), launch_url: z.string() });

export const smartRouter = router({
  registerClient: policyProcedure('Device', 'create').input(RegisterClientInput).mutation(({ ctx, input }) =>
    registerClient(ctx.services.pool, ctx.actor, input, ctx.services.clock.now(), ctx.services.config.passwordCost)),
  listClients: policyProcedure('Device', 'read').query(({ ctx }) => listClients(ctx.services.pool)),
  setClientActive: policyProcedure('Device', 'update').input(z.object({ clientId: z.string().min(1).max(200), active: z.boolean() })).mutation(({ ctx, input }) =>
    setClientActive(ctx.services.pool, ctx.actor, input.clientId, input.active, ctx.services.clock.now())),
  /** Apps a clinician can launch from the chart (active, with a launch URL). */
  launchableApps: authedProcedure.query(async ({ ctx }) => {
    const r = await ctx.services.pool.query("SELECT client_id, name, launch_url FROM smart_clients WHERE active AND kind <> 'backend' AND launch_url IS NOT NULL ORDER BY name");
    return z.array(LaunchableRow).parse(r.rows).map((a) => ({ clientId: a.client_id, name: a.name, launchUrl: a.launch_url }));
  }),
  /**
   * An EHR launch context for the caller's open patient
   * (https://hl7.org/fhir/smart-app-launch/app-launch.html#launch-app-ehr-launch).
   */
  createLaunch: authedProcedure.input(z.object({ patientId: z.uuid(), clientId: z.string().min(1).max(200) })).mutation(async ({ ctx, input }) => {
    const app = await ctx.services.pool.query("SELECT launch_url FROM smart_clients WHERE client_id = $1 AND active AND kind <> 'backend' AND launch_url IS NOT NULL", [input.clientId]);
    const launchUrl = z.object({ launch_url: z.string() }).optional().parse(app.rows[0])?.launch_url;
    if (launchUrl === undefined) throw new LanternError('NOT_FOUND', 'No such app to launch');
    const { launch, expiresAt } = await mintLaunch(ctx.services.pool, { ...ctx.actor, role: ctx.user.role }, { patientId: input.patientId, clientId: input.clientId, now: ctx.services.clock.now() });
    // The caller adds `iss` (the FHIR base of the server URL it uses): see launchUrlFor.
    return { launchUrl, launch, expiresAt };
  }),
});
