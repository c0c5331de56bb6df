// oidc-provider ships no type declarations; this file's are needed wherever the server's sources are type-checked (the desktop imports the router's type).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./oidc-provider.d.ts" />
/**
 * The sign-in and consent steps of a SMART authorization (oidc-provider "interactions"):
 * - sign-in with a Lantern account: the same argon2id check, throttling, lockout and audit as the
 *   workstation's `auth.login` (auth/), never a second password store;
 * - consent: the scopes the app may get (consent-scopes.ts), and the patient: the EHR launch's
 *   (redeemed for this user and app) or, for a standalone launch asking `launch/patient`, one picked
 *   from the patients this user may read. The choice is kept per grant for every token of it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { InteractionDetails, InteractionResults } from 'oidc-provider';
import { z } from 'zod';
import { verifyPassword } from '../auth/passwords.ts';
import { signInThrottleFor } from '../auth/sign-in-throttle.ts';
import { appendAuditEvents, serverEvent } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { findUserById, findUserByUsername, type UserRow } from '../db/users.ts';
import type { Services } from '../services.ts';
import { consentScopes } from './consent-scopes.ts';
import { redeemLaunch } from './launch.ts';
import { consentPage, loginPage, PAGE_CSP } from './pages.ts';
import { mayReadPatient, pickablePatients, type PickablePatient } from './patients.ts';
import { fhirBaseOf } from './paths.ts';

const LoginForm = z.object({ username: z.string().min(1).max(128), password: z.string().min(1).max(1024) });
const ConsentForm = z.object({ decision: z.enum(['allow', 'deny']), patient: z.string().max(64).optional() });
const Params = z.object({ client_id: z.string(), scope: z.string().optional(), launch: z.string().optional(), aud: z.string().optional() });
const ClientRow = z.object({ name: z.string(), scope: z.string().nullable() });

const form = (body: unknown): Record<string, string> => Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : ''));

/** Actor of an authorization's events: the app's client id stands where a device id would. */
const actorOf = (user: Pick<UserRow, 'id' | 'role'> | null, clientId: string, req: FastifyRequest) =>
  ({ userId: user?.id ?? 'unknown', role: user?.role ?? 'anonymous' as const, deviceId: `smart:${clientId}`.slice(0, 200), clientAddress: req.ip });

async function clientInfo(s: Services, clientId: string): Promise<{ name: string; scope: string | null }> {
  const r = await s.pool.query('SELECT name, scope FROM smart_clients WHERE client_id = $1', [clientId]);
  return r.rows[0] === undefined ? { name: clientId, scope: null } : ClientRow.parse(r.rows[0]);
}

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.status(status).header('content-type', 'text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).header('cache-control', 'no-store').send(body);
}

/** Registers GET /smart/interaction/:uid and its two POSTs; `providerFor` gives the provider of the request's origin. */
export function registerInteractions(app: FastifyInstance, services: Services, providerFor: (req: FastifyRequest) => Promise<Provider>, originOf: (req: FastifyRequest) => string): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_req, body, done) => done(null, body));

  const details = async (req: FastifyRequest, reply: FastifyReply): Promise<{ provider: Provider; d: InteractionDetails; params: z.infer<typeof Params> }> => {
    const provider = await providerFor(req);
    const d = await provider.interactionDetails(req.raw, reply.raw);
    return { provider, d, params: Params.parse(d.params) };
  };
  const finish = async (req: FastifyRequest, reply: FastifyReply, provider: Provider, result: InteractionResults): Promise<FastifyReply> => {
    const to = await provider.interactionResult(req.raw, reply.raw, result, { mergeWithLastSubmission: false });
    return reply.status(303).header('location', to).header('cache-control', 'no-store').send();
  };

  const consentView = async (req: FastifyRequest, d: InteractionDetails, params: z.infer<typeof Params>, error?: string) => {
    const user = await findUserById(services.pool, d.session?.accountId ?? '');
    if (user === null) return null;
    const client = await clientInfo(services, params.client_id);
    const scopes = consentScopes(params.scope ?? '', user.role, client.scope, params.launch !== undefined);
    const now = services.clock.now();
    let launchPatient: PickablePatient | null = null;
    let picker: PickablePatient[] | null = null;
    if (params.launch !== undefined) {
      const pid = await redeemLaunch(services.pool, params.launch, user.id, params.client_id, now);
      if (pid !== null && await mayReadPatient(services.pool, user, pid, now)) launchPatient = (await pickablePatients(services.pool, user, now, 10_000)).find((p) => p.id === pid) ?? { id: pid, label: 'the patient open in your chart' };
    } else if (scopes.context.includes('launch/patient')) {
      picker = await pickablePatients(services.pool, user, now);
    }
    return { user, client, scopes, launchPatient, picker, view: { uid: d.uid, appName: client.name, username: user.username, granted: [...scopes.context, ...scopes.clinical], refused: scopes.refused, launchPatient, picker, ...(error === undefined ? {} : { error }) } };
  };

  app.get('/smart/interaction/:uid', async (req, reply) => {
    const { provider, d, params } = await details(req, reply);
    // SMART: the app must name this server's FHIR base as `aud` (app-launch.html#request-4).
    if (params.aud !== fhirBaseOf(originOf(req))) return finish(req, reply, provider, { error: 'invalid_request', error_description: 'aud must be this server\'s FHIR base URL' });
    const client = await clientInfo(services, params.client_id);
    if (d.prompt.name === 'login') return html(reply, 200, loginPage({ uid: d.uid, appName: client.name }));
    const v = await consentView(req, d, params);
    if (v === null) return finish(req, reply, provider, { error: 'login_required' });
    if (params.launch !== undefined && v.launchPatient === null) return finish(req, reply, provider, { error: 'invalid_request', error_description: 'the launch is unknown, expired or not yours' });
    return html(reply, 200, consentPage(v.view));
  });

  app.post('/smart/interaction/:uid/login', async (req, reply) => {
    const { provider, d, params } = await details(req, reply);
    const parsed = LoginForm.safeParse(form(req.body));
    const client = await clientInfo(services, params.client_id);
    if (!parsed.success) return html(reply, 400, loginPage({ uid: d.uid, appName: client.name, error: 'Enter your username and password' }));
    const { username, password } = parsed.data;
    const now = services.clock.now();
    const attempt = { username, clientAddress: req.ip, deviceId: `smart:${params.client_id}`.slice(0, 200), now };
    const throttle = signInThrottleFor(services.pool, services.config.signInThrottle);
    try {
      await throttle.before(attempt);
    } catch (e) {
      return html(reply, 429, loginPage({ uid: d.uid, appName: client.name, error: e instanceof Error ? e.message : 'Too many attempts: try again later' }));
    }
    const user = await findUserByUsername(services.pool, username);
    const ok = await verifyPassword(user?.passwordHash ?? null, password) && user !== null && user.active;
    await throttle.after({ ...attempt, userId: user?.id ?? null }, ok ? 'success' : 'failure');
    await withTx(services.pool, (c) => appendAuditEvents(c, [serverEvent(actorOf(ok ? user : null, params.client_id, req),
      ok ? { action: 'login', outcome: 'success', detail: { via: 'smart', clientId: params.client_id } } : { action: 'login-failed', outcome: 'denied', detail: { via: 'smart', clientId: params.client_id, why: 'bad-credentials' } }, now)]));
    // One message for an unknown user and a wrong password, as auth.login says.
    if (!ok || user === null) return html(reply, 401, loginPage({ uid: d.uid, appName: client.name, error: 'Wrong username or password' }));
    return finish(req, reply, provider, { login: { accountId: user.id } });
  });

  app.post('/smart/interaction/:uid/consent', async (req, reply) => {
    const { provider, d, params } = await details(req, reply);
    const parsed = ConsentForm.safeParse(form(req.body));
    if (!parsed.success || parsed.data.decision === 'deny') return finish(req, reply, provider, { error: 'access_denied', error_description: 'The user did not allow access' });
    const v = await consentView(req, d, params);
    if (v === null) return finish(req, reply, provider, { error: 'login_required' });
    let patient: string | null = v.launchPatient?.id ?? null;
    if (v.picker !== null) {
      // Never trust the form: the patient must be one the picker offered (one this user may read).
      patient = v.picker.find((p) => p.id === parsed.data.patient)?.id ?? null;
      if (patient === null) return html(reply, 400, consentPage({ ...v.view, error: 'Choose a patient' }));
    }
    const grant = new provider.Grant({ accountId: v.user.id, clientId: params.client_id });
    if (v.scopes.context.length > 0) grant.addOIDCScope(v.scopes.context.join(' '));
    if (v.scopes.clinical.length > 0) grant.addResourceScope(fhirBaseOf(originOf(req)), v.scopes.clinical.join(' '));
    const grantId = await grant.save();
    const now = services.clock.now();
    await withTx(services.pool, async (c) => {
      await c.query('INSERT INTO smart_grant_context (grant_id, patient_id, need_patient_banner, created_at) VALUES ($1, $2, $3, $4)', [grantId, patient, true, now]);
      await appendAuditEvents(c, [serverEvent(actorOf(v.user, params.client_id, req), {
        action: 'login', outcome: 'success', patientId: patient,
        detail: { via: 'smart-consent', clientId: params.client_id, scope: v.scopes.clinical.join(' ').slice(0, 2000) },
      }, now)]);
    });
    return finish(req, reply, provider, { consent: { grantId } });
  });
}
