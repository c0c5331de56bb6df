/**
 * tRPC `updates.*`: the administrator's list of approved packages with their rollout percentage
 * (Device read) and setting the percentage (Device update, audited). Workstations ask for their
 * offer at GET /updates/<channel>/<platform>/offer.json (feed-plugin.ts).
 */
import { LanternError } from '@lantern/core';
import { UPDATE_CHANNELS } from '@lantern/core/workstation-version';
import { z } from 'zod';
import { appendAuditEvents, serverEvent } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { policyProcedure, router } from '../trpc.ts';
import { listPackages, setStagingPercentage, type PackageRow } from './package-store.ts';

const listed = (p: PackageRow) => ({
  id: p.id, channel: p.channel, platform: p.platform, version: p.version, fileName: p.file_name, size: p.size, sha512: p.sha512,
  releaseDate: p.release_date.toISOString(), stagingPercentage: p.staging_percentage, uploadedBy: p.uploaded_by,
});

export const updatesRouter = router({
  list: policyProcedure('Device', 'read').input(z.object({ channel: z.enum(UPDATE_CHANNELS).optional() }).optional()).query(async ({ ctx, input }) => ({
    packages: (await listPackages(ctx.services.pool, input?.channel)).map(listed),
    minimumWorkstationVersion: ctx.services.config.updates.versions.minimumAppVersion,
    uploadsEnabled: ctx.services.config.updates.releasePublicKey !== null,
  })),

  setRollout: policyProcedure('Device', 'update').input(z.object({ id: z.string().uuid(), stagingPercentage: z.number().int().min(0).max(100) })).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const now = s.clock.now();
    const row = await withTx(s.pool, async (c) => {
      const r = await setStagingPercentage(c, input.id, input.stagingPercentage);
      if (r !== null) {
        await appendAuditEvents(c, [serverEvent(ctx.actor, {
          action: 'resource-update', outcome: 'success', resourceType: 'UpdatePackage', resourceId: r.id,
          detail: { channel: r.channel, platform: r.platform, version: r.version, stagingPercentage: r.staging_percentage },
        }, now)]);
      }
      return r;
    });
    if (row === null) throw new LanternError('NOT_FOUND', 'No such update package');
    return listed(row);
  }),

});
