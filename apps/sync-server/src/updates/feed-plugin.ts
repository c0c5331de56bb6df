/**
 * The update feed at /updates (README, IT deployment, Update):
 *   GET /updates/<channel>/<platform>/latest.yml (and latest-mac.yml, latest-linux.yml: the names
 *       electron-updater asks for) and GET /updates/<channel>/<platform>/<file>, streamed with
 *       Range support (RFC 9110 section 14) for electron-updater's resumable and differential downloads;
 *   GET /updates/<channel>/<platform>/offer.json?current=1.4.0: the package this device may install now
 *       (server-side staged rollout), with its sha512 and release signature;
 *   PUT /updates/<channel>/<platform>/<file>?version=1.4.0 with `x-lantern-signature`: IT uploads a
 *       signed package (body = the file, streamed to disk).
 * Downloads need a workstation's access token, or the updates-only token a version refusal carries
 * (update-token.ts; an outdated workstation cannot sign in, yet must update from here): the feed tells who runs which version and
 * the staged rollout is per device, so it is not served anonymously. Uploads need an
 * administrator's access token (core policy: Device create) or the configured upload token.
 */
import { createReadStream } from 'node:fs';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { decideAccess, LanternError } from '@lantern/core';
import { SemverSchema, SignatureBase64Schema, UPDATE_CHANNELS, UPDATE_PLATFORMS, UpdateFileNameSchema } from '@lantern/core/workstation-version';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { LanternRoutePlugin } from '../app.ts';
import { verifyAccessToken, type AccessClaims } from '../auth/tokens.ts';
import { appendAuditEvents, serverEvent, type Actor } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import type { Services } from '../services.ts';
import { feedPackage, latestYml, offerFor, offerOf } from './offers.ts';
import { verifyUpdateToken } from './update-token.ts';
import { findPackageFile, listPackages, packagePath, storePackage } from './package-store.ts';
import { parseRange } from './range.ts';

export const UPDATES_PREFIX = '/updates';

const Params = z.object({ channel: z.enum(UPDATE_CHANNELS), platform: z.enum(UPDATE_PLATFORMS), file: UpdateFileNameSchema });
const FEED_NAMES = new Set(['latest.yml', 'latest-mac.yml', 'latest-linux.yml']);
/** GET .../offer.json?current=1.4.0: the offer for the calling device (never a package name). */
export const OFFER_NAME = 'offer.json';

/** A workstation's access token, or the updates-only token a version refusal carries: the device it names. */
async function device(s: Services, req: FastifyRequest): Promise<{ deviceId: string }> {
  const h = req.headers.authorization;
  if (typeof h !== 'string' || !h.startsWith('Bearer ')) throw new LanternError('UNAUTHENTICATED', 'Sign in first: no access token');
  const token = h.slice(7).trim();
  const claims = await verifyAccessToken(s.keys.accessTokenKey, token, s.clock.now()).catch(() => null);
  if (claims !== null) return bearer(s, req);
  const u = await verifyUpdateToken(s.keys.accessTokenKey, token, s.clock.now());
  const live = await s.pool.query('SELECT active FROM devices WHERE id = $1', [u.deviceId]);
  // A device refused at its first sign-in has no row yet; a deactivated one is refused.
  if ((live.rows[0] as { active?: boolean } | undefined)?.active === false) throw new LanternError('UNAUTHENTICATED', 'This device is no longer active');
  return u;
}

async function bearer(s: Services, req: FastifyRequest): Promise<AccessClaims> {
  const h = req.headers.authorization;
  if (typeof h !== 'string' || !h.startsWith('Bearer ')) throw new LanternError('UNAUTHENTICATED', 'Sign in first: no access token');
  const claims = await verifyAccessToken(s.keys.accessTokenKey, h.slice(7).trim(), s.clock.now());
  const live = await s.pool.query('SELECT u.active AND coalesce(d.active, true) AS ok FROM users u LEFT JOIN devices d ON d.id = $2 WHERE u.id = $1', [claims.userId, claims.deviceId]);
  if ((live.rows[0] as { ok?: boolean } | undefined)?.ok !== true) throw new LanternError('UNAUTHENTICATED', 'This account or device is no longer active: sign in again');
  return claims;
}

const sameSecret = (a: string, b: string): boolean => {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
};

/** Who uploads: the upload token's holder (IT's script), or an administrator the core policy lets manage devices. */
async function uploader(s: Services, req: FastifyRequest): Promise<Actor> {
  const h = req.headers.authorization;
  const token = s.config.updates.uploadToken;
  if (token !== null && typeof h === 'string' && h.startsWith('Bearer ') && sameSecret(h.slice(7).trim(), token)) {
    return { userId: 'update-upload-token', role: 'system', deviceId: 'update-upload', clientAddress: req.ip };
  }
  const c = await bearer(s, req);
  const actor: Actor = { userId: c.userId, role: c.role, deviceId: c.deviceId, clientAddress: req.ip };
  const d = decideAccess({ role: c.role, resourceType: 'Device', action: 'create', relation: 'none' });
  if (!d.allowed) {
    await withTx(s.pool, (tx) => appendAuditEvents(tx, [serverEvent(actor, { action: 'resource-create', outcome: 'denied', resourceType: 'UpdatePackage', detail: { why: 'FORBIDDEN' } }, s.clock.now())]));
    throw new LanternError('FORBIDDEN', `Access denied: ${d.reason}`);
  }
  return actor;
}

export const updatesFeedPlugin: LanternRoutePlugin = async (app, { services: s }) => {
  // The body of an upload is the package itself: handed over as a stream, never buffered.
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

  app.get('/:channel/:platform/:file', async (req, reply: FastifyReply) => {
    const p = Params.safeParse(req.params);
    if (!p.success) throw new LanternError('NOT_FOUND', 'No such update file');
    const caller = await device(s, req);
    const { channel, platform, file } = p.data;
    if (file === OFFER_NAME) {
      // "Is there an update for me?": the server-side staged rollout (rollout.ts).
      const current = SemverSchema.safeParse((req.query as { current?: unknown }).current);
      if (!current.success) throw new LanternError('BAD_INPUT', 'The current query parameter must be a version like 1.4.0');
      const pkg = offerFor((await listPackages(s.pool, channel)).filter((x) => x.platform === platform), caller.deviceId, current.data);
      return reply.header('cache-control', 'no-store').send({ offer: pkg === null ? null : { ...offerOf(pkg), path: `${UPDATES_PREFIX}/${channel}/${platform}/${encodeURIComponent(pkg.file_name)}` } });
    }
    if (FEED_NAMES.has(file)) {
      const pkg = feedPackage((await listPackages(s.pool, channel)).filter((x) => x.platform === platform));
      if (pkg === null) throw new LanternError('NOT_FOUND', `No package is released on ${channel} for ${platform}`);
      return reply.header('cache-control', 'no-store').type('text/yaml; charset=utf-8').send(latestYml(pkg));
    }
    const pkg = await findPackageFile(s.pool, channel, platform, file);
    if (pkg === null) throw new LanternError('NOT_FOUND', 'No such update file');
    const range = parseRange(req.headers.range, pkg.size);
    void reply.header('accept-ranges', 'bytes').header('content-type', 'application/octet-stream').header('cache-control', 'no-store');
    if (range === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${pkg.size}`).send();
    if (range === null) return reply.header('content-length', pkg.size).send(createReadStream(packagePath(s.config.dataDir, pkg.id)));
    return reply.status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${pkg.size}`)
      .header('content-length', range.end - range.start + 1)
      .send(createReadStream(packagePath(s.config.dataDir, pkg.id), { start: range.start, end: range.end }));
  });

  app.put('/:channel/:platform/:file', { bodyLimit: 2 * 1024 * 1024 * 1024 }, async (req, reply) => {
    const p = Params.safeParse(req.params);
    const q = z.object({ version: SemverSchema }).safeParse(req.query);
    const sig = SignatureBase64Schema.safeParse(req.headers['x-lantern-signature']);
    const actor = await uploader(s, req);
    if (!p.success || FEED_NAMES.has(p.data.file) || p.data.file === OFFER_NAME) throw new LanternError('BAD_INPUT', 'Upload to /updates/<stable|pilot>/<win|mac|linux>/<file name>');
    if (!q.success) throw new LanternError('BAD_INPUT', 'The version query parameter must be a version like 1.4.0');
    if (!sig.success) throw new LanternError('BAD_INPUT', 'The x-lantern-signature header must hold the base64 Ed25519 signature', { issues: [{ path: 'signature', message: 'missing' }] });
    const key = s.config.updates.releasePublicKey;
    if (key === null) throw new LanternError('PRECONDITION_REQUIRED', 'No release public key is configured (LANTERN_UPDATE_PUBLIC_KEY_FILE): uploads are refused');
    const body = req.body as Readable;
    const now = s.clock.now();
    const upload = { ...p.data, fileName: p.data.file, version: q.data.version, signature: sig.data, uploadedBy: actor.userId };
    try {
      const row = await storePackage(s.pool, s.config.dataDir, key, upload, body, now);
      await withTx(s.pool, (c) => appendAuditEvents(c, [serverEvent(actor, {
        action: 'resource-create', outcome: 'success', resourceType: 'UpdatePackage', resourceId: row.id,
        detail: { channel: row.channel, platform: row.platform, version: row.version, sha512: row.sha512 },
      }, now)]));
      return reply.status(201).send({ id: row.id, version: row.version, sha512: row.sha512, size: row.size, stagingPercentage: row.staging_percentage });
    } catch (e) {
      await withTx(s.pool, (c) => appendAuditEvents(c, [serverEvent(actor, {
        action: 'resource-create', outcome: 'denied', resourceType: 'UpdatePackage',
        detail: { channel: upload.channel, platform: upload.platform, version: upload.version, why: e instanceof LanternError ? e.code : 'INTERNAL' },
      }, now)]));
      throw e;
    }
  });
};
