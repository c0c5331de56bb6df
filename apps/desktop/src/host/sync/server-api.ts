/**
 * The workstation's client for the sync server's tRPC API (plain JSON at /trpc, no transformer).
 * Every answer is checked with the core zod schemas: to the workstation the server is a trust
 * boundary too. Network failures become UNAVAILABLE so the sync loop and sign-in can tell "the
 * server is unreachable" (go offline) from "the server said no" (show the reason).
 */
import { z } from 'zod';
import {
  ERROR_CODES, LanternError, PullOutputSchema, PushOutputSchema, ROLES, type ChainedAuditEvent, type ErrorCode, type Mutation,
  type PullOutput, type PushOutput, type Role,
} from '@lantern/core';
import { refreshSubject, type DeviceSigner } from '../session/device-key.ts';

export interface LoginResult {
  accessToken: string;
  refreshToken: string | null;
  user: { userId: string; username: string; displayName: string; role: Role };
  /** A signed grant allowing offline sign-in on this device until it expires (opaque to us). */
  offlineGrant: { token: string; expiresAt: string } | null;
  /** The server's Ed25519 public key (SPKI PEM) that verifies offline grants; pinned at first sign-in. */
  offlinePublicKey: string | null;
}

export interface PatientScope {
  careTeam: string[];
  unit: string[];
}

export interface ServerApi {
  readonly baseUrl: string;
  /** Online sign-in; proves possession of the device key (enrolling it at this device's first sign-in). */
  login(input: { username: string; password: string; deviceId: string }): Promise<LoginResult>;
  /** Rotates the refresh token, with a fresh proof of possession of the device key. */
  refresh(refreshToken: string): Promise<LoginResult>;
  /** Ends the sign-in on the server; with the refresh token its whole token family is revoked, even once the access token has expired. */
  logout(accessToken: string, refreshToken?: string | null): Promise<void>;
  /** Patients on the user's care team and on their unit, for "my patients", the census and offline policy. */
  scope(accessToken: string): Promise<PatientScope>;
  push(accessToken: string, input: { deviceId: string; mutations: Mutation[] }): Promise<PushOutput>;
  pull(accessToken: string, input: { cursor: string | null; limit: number }): Promise<PullOutput>;
  /**
   * Sends a slice of the device's audit chain, signed with the device key. Events the server
   * refuses as their user's act (typed FORBIDDEN per event) are kept there as findings: the chain
   * moves past them and they are not resent.
   */
  ingestAudit(accessToken: string, input: { deviceId: string; events: ChainedAuditEvent[] }): Promise<{ accepted: number; refused?: number }>;
  /** Break-glass (access.breakGlass): time-boxed read access to one patient outside the user's scope, flagged for review. */
  breakGlass?(accessToken: string, input: { patientId: string; reason: string }): Promise<{ grantId: string; patientId: string; expiresAt: string }>;
  /** auth.registerSigningKey: the signed-in user's note-signing public key, so the server can verify their signatures. */
  registerSigningKey?(accessToken: string, key: { keyId: string; algorithm: 'Ed25519'; spki: string }): Promise<{ created: boolean }>;
}

const ChallengeSchema = z.object({ nonce: z.string().min(1) }).loose();
const IngestOutSchema = z.object({
  accepted: z.number().int().min(0),
  refused: z.array(z.object({ seq: z.number(), code: z.string(), reason: z.string() }).loose()).default([]),
}).loose();

const BreakGlassSchema = z.object({ grantId: z.string(), patientId: z.string().uuid(), expiresAt: z.string() }).loose();

const TrpcErrorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    code: z.number().optional(),
    data: z.object({
      code: z.string().optional(), httpStatus: z.number().optional(), lanternCode: z.string().optional(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional().catch(undefined),
    }).loose().optional(),
  }).loose(),
});

const TRPC_TO_LANTERN: Record<string, ErrorCode> = {
  BAD_REQUEST: 'BAD_INPUT', PARSE_ERROR: 'BAD_INPUT', UNAUTHORIZED: 'UNAUTHENTICATED', FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND', CONFLICT: 'CONFLICT', PRECONDITION_FAILED: 'VERSION_MISMATCH', TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  SERVICE_UNAVAILABLE: 'UNAVAILABLE', TIMEOUT: 'UNAVAILABLE',
};

const isErrorCode = (s: unknown): s is ErrorCode => typeof s === 'string' && (ERROR_CODES as readonly string[]).includes(s);

/** Loose on purpose: the server's login answer is normalised into LoginResult whatever its spelling. */
const LoginWireSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullish(),
  user: z.object({
    id: z.string().optional(),
    userId: z.string().optional(),
    username: z.string(),
    displayName: z.string().nullish(),
    name: z.string().nullish(),
    role: z.enum(ROLES),
  }).loose(),
  offlineGrant: z.union([z.string(), z.object({ token: z.string(), expiresAt: z.string() }).loose()]).nullish(),
  offlineGrantExpiresAt: z.string().nullish(),
  offlinePublicKey: z.string().nullish(),
}).loose();

const ScopeSchema = z.object({ careTeam: z.array(z.string().uuid()), unit: z.array(z.string().uuid()) });

export function parseLogin(data: unknown): LoginResult {
  const w = LoginWireSchema.parse(data);
  const userId = w.user.userId ?? w.user.id;
  if (userId === undefined) throw new LanternError('INTERNAL', 'The server did not say who signed in');
  let offlineGrant: LoginResult['offlineGrant'] = null;
  if (typeof w.offlineGrant === 'string') offlineGrant = { token: w.offlineGrant, expiresAt: w.offlineGrantExpiresAt ?? new Date(Date.now() + 72 * 3600_000).toISOString() };
  else if (w.offlineGrant !== null && w.offlineGrant !== undefined) offlineGrant = { token: w.offlineGrant.token, expiresAt: w.offlineGrant.expiresAt };
  return {
    accessToken: w.accessToken,
    refreshToken: w.refreshToken ?? null,
    user: { userId, username: w.user.username, displayName: w.user.displayName ?? w.user.name ?? w.user.username, role: w.user.role },
    offlineGrant,
    offlinePublicKey: w.offlinePublicKey ?? null,
  };
}

export interface ServerApiOptions {
  baseUrl: string;
  /** The device key (session/device-key.ts): signs sign-in and refresh proofs and audit batches. */
  device: DeviceSigner;
  /** Per-request timeout: a hung server must not hang the sync loop. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createServerApi(options: ServerApiOptions): ServerApi {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const device = options.device;

  async function call(kind: 'query' | 'mutation', path: string, input: unknown, token: string | null): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const url = kind === 'query' ? `${base}/trpc/${path}${query}` : `${base}/trpc/${path}`;
    let res: Response;
    try {
      res = await doFetch(url, {
        method: kind === 'query' ? 'GET' : 'POST',
        headers,
        ...(kind === 'mutation' ? { body: JSON.stringify(input ?? {}) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new LanternError('UNAVAILABLE', 'The sync server cannot be reached', { cause: e });
    }
    // A throttled request (429: sign-in backoff, rate limit) says how long to wait: passed on as an
    // issue, so the sign-in screen can count down instead of showing a generic error.
    const retryAfter = res.status === 429 ? Math.ceil(Number(res.headers.get('retry-after'))) : Number.NaN;
    const waitIssues = Number.isFinite(retryAfter) && retryAfter > 0 ? [{ path: 'retryAfterSeconds', message: String(retryAfter) }] : [];
    let body: unknown;
    try {
      body = await res.json();
    } catch (e) {
      if (res.status === 429) throw new LanternError('TOO_MANY_REQUESTS', waitIssues.length > 0 ? `Too many requests: try again in ${retryAfter} seconds` : 'Too many requests: try again later', { issues: waitIssues, cause: e });
      throw new LanternError('UNAVAILABLE', `The sync server answered HTTP ${res.status} without a readable body`, { cause: e });
    }
    if (res.ok) {
      const data = (body as { result?: { data?: unknown } }).result?.data;
      return data;
    }
    const parsed = TrpcErrorSchema.safeParse(body);
    const e = parsed.success ? parsed.data.error : undefined;
    const lantern = e?.data?.lanternCode;
    const code: ErrorCode = isErrorCode(lantern) ? lantern : (TRPC_TO_LANTERN[e?.data?.code ?? ''] ?? (res.status >= 500 ? 'UNAVAILABLE' : 'INTERNAL'));
    // Issues ride along where the caller acts on them: the wait of a 429, and which credential (the
    // password or this device) a refused sign-in was about.
    const issues = code === 'TOO_MANY_REQUESTS' ? waitIssues : code === 'UNAUTHENTICATED' ? (e?.data?.issues ?? []) : [];
    throw new LanternError(code, e?.message ?? `The sync server answered HTTP ${res.status}`, { issues });
  }

  /** A single-use server nonce for this device (auth.challenge). */
  const challenge = async (): Promise<string> => ChallengeSchema.parse(await call('mutation', 'auth.challenge', { deviceId: device.deviceId }, null)).nonce;

  return {
    baseUrl: base,
    login: async (input) => {
      if (input.deviceId !== device.deviceId) throw new LanternError('INTERNAL', 'Sign-in for a device id this workstation holds no key for');
      const nonce = await challenge();
      const proof = device.proof({ purpose: 'login', nonce, subject: input.username });
      return parseLogin(await call('mutation', 'auth.login', { ...input, devicePublicKey: device.publicKey, nonce, proof }, null));
    },
    refresh: async (refreshToken) => {
      const nonce = await challenge();
      const proof = device.proof({ purpose: 'refresh', nonce, subject: refreshSubject(refreshToken) });
      return parseLogin(await call('mutation', 'auth.refresh', { refreshToken, deviceId: device.deviceId, nonce, proof }, null));
    },
    logout: async (accessToken, refreshToken) => {
      await call('mutation', 'auth.logout', refreshToken === undefined || refreshToken === null ? {} : { refreshToken }, accessToken);
    },
    scope: async (token) => ScopeSchema.parse(await call('query', 'sync.scope', undefined, token)),
    push: async (token, input) => PushOutputSchema.parse(await call('mutation', 'sync.push', input, token)),
    pull: async (token, input) => PullOutputSchema.parse(await call('mutation', 'sync.pull', input, token)),
    ingestAudit: async (token, input) => {
      const out = IngestOutSchema.parse(await call('mutation', 'audit.ingest', { ...input, signature: device.signBatch(input.events) }, token));
      return { accepted: out.accepted, refused: out.refused.length };
    },
    breakGlass: async (token, input) => {
      const g = BreakGlassSchema.parse(await call('mutation', 'access.breakGlass', input, token));
      return { grantId: g.grantId, patientId: g.patientId, expiresAt: g.expiresAt };
    },
    registerSigningKey: async (token, key) => ({
      created: z.object({ created: z.boolean() }).loose().parse(await call('mutation', 'auth.registerSigningKey', key, token)).created,
    }),
  };
}
