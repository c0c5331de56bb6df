// oidc-provider ships no type declarations; this file's are needed wherever the server's sources are type-checked (the desktop imports the router's type).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./oidc-provider.d.ts" />
/**
 * SMART on FHIR on the sync server: the authorization server (oidc-provider, provider.ts) at
 * /smart, its sign-in and consent pages at /smart/interaction, and the SMART discovery document
 * (https://hl7.org/fhir/smart-app-launch/conformance.html) at /.well-known/smart-configuration and
 * /fhir/R4/.well-known/smart-configuration.
 *
 * oidc-provider is a Koa application. It is mounted by handing it the raw Node request from an
 * `onRequest` hook, before Fastify parses the body (the provider reads its own form bodies), with
 * the `/smart` prefix stripped the way Express/middie mounting does (`originalUrl` keeps it, which
 * is how the provider learns its mount path). This is what @fastify/middie does, without a second
 * middleware layer in front of every other route of the server.
 *
 * The issuer is the origin the request came to (like the FHIR base in Bundle links): one provider
 * per origin, all sharing the database, the signing key and the cookie key.
 */
import type { FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { LanternRoutePlugin } from '../app.ts';
import { registerInteractions } from './interaction.ts';
import { SMART_PREFIX } from './paths.ts';
import { createSmartProvider } from './provider.ts';
import { loadOrCreateSigningKey } from './signing-key.ts';
import { smartConfiguration } from './well-known.ts';

const MAX_ORIGINS = 16;

export const smartPlugin: LanternRoutePlugin = async (app, { services }) => {
  const providers = new Map<string, Promise<Provider>>();
  let signingKey: Promise<Record<string, unknown>> | null = null;
  const originOf = (req: FastifyRequest): string => `${req.protocol}://${req.host}`;
  const providerFor = (req: FastifyRequest): Promise<Provider> => {
    const origin = originOf(req);
    let p = providers.get(origin);
    if (p === undefined) {
      // A Host header is the client's to choose: only a few origins get a provider of their own.
      if (providers.size >= MAX_ORIGINS) providers.clear();
      signingKey ??= loadOrCreateSigningKey(services.pool);
      p = signingKey.then((signingJwk) => {
        const provider = createSmartProvider({ services, origin, signingJwk });
        provider.on('server_error', (_ctx: unknown, err: unknown) => services.logger.error({ err: err instanceof Error ? { name: err.name, message: err.message.slice(0, 300) } : 'unknown' }, 'smart provider error'));
        return provider;
      });
      providers.set(origin, p);
    }
    return p;
  };

  // Everything under /smart but the interaction pages is the provider's.
  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.url !== `${SMART_PREFIX}/*`) return;
    const provider = await providerFor(req);
    const raw = req.raw as typeof req.raw & { originalUrl?: string };
    raw.originalUrl = req.url;
    raw.url = req.url.slice(SMART_PREFIX.length) || '/';
    reply.hijack();
    provider.callback()(raw, reply.raw);
  });
  app.all(`${SMART_PREFIX}/*`, async () => undefined);

  registerInteractions(app, services, providerFor, originOf);

  const discovery = async (req: FastifyRequest) => smartConfiguration(originOf(req));
  app.get('/.well-known/smart-configuration', discovery);
  app.get('/fhir/R4/.well-known/smart-configuration', discovery);
};
