/**
 * The workstation's client for the sync server's tRPC API: `createTRPCClient<AppRouter>` over plain
 * JSON at /trpc (no transformer), with only the *type* of the server's router imported, so a renamed
 * procedure or a changed input is a compile error here rather than a guess on the wire. Answers are
 * still checked with zod (core's sync schemas): to the workstation the server is a trust boundary too.
 * Network failures become UNAVAILABLE so the sync loop and sign-in can tell "the server is
 * unreachable" (go offline) from "the server said no" (show the reason).
 */
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { z } from 'zod';
import type { AppRouter } from '@lantern/sync-server/router';
import {
  ERROR_CODES, LanternError, PushOutputSchema, ROLES, type ChainedAuditEvent, type Mutation, type PushAfter,
  type PullOutput, type PushOutput, type Role,
} from '@lantern/core';
import { SUPPORTED_SYNC_PROTOCOLS } from '@lantern/core/workstation-version';
import { refreshSubject, type DeviceSigner } from '../session/device-key.ts';
import { OrgPolicySchema, type OrgPolicy } from './org-policy.ts';
import { decodePullOutput } from './decode-pull.ts';

export interface LoginResult {
  accessToken: string;
  refreshToken: string | null;
  user: { userId: string; username: string; displayName: string; role: Role };
  /** A signed grant allowing offline sign-in on this device until it expires (opaque to us). */
  offlineGrant: { token: string; expiresAt: string } | null;
  /** The server's Ed25519 public key (SPKI PEM) that verifies offline grants; pinned at first sign-in. */
  offlinePublicKey: string | null;
  /** The account's units when the server says them (machine policy allowedUnits); absent from older servers. */
  units?: string[];
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
  /**
   * sync.push. `after`: the last mutation of the batch sent before this one and not yet answered;
   * the server decides this batch only right after that one, else refuses it with nothing stored
   * (VERSION_MISMATCH, issue path 'after': send it again once that one is answered).
   * `checksAfter` in the answer: the server honours `after` (an older one ignores it).
   */
  push(accessToken: string, input: { deviceId: string; mutations: Mutation[]; after?: PushAfter }): Promise<PushOutput>;
  /** `pageToken` (protocol 4): the token stored with the last page applied; null before the first. */
  pull(accessToken: string, input: { cursor: string | null; limit: number; pageToken?: string | null }): Promise<PullOutput>;
  /** sync.resolveConflict: a conflict the server recorded has been decided by its author on this workstation. */
  resolveConflict?(accessToken: string, conflictId: string): Promise<void>;
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
  /**
   * workstation.report: tells the server this workstation's versions and unsynced count; learns the
   * organisation's workstation policy, whether a remote wipe is pending and whether the user must
   * change their password.
   */
  report?(accessToken: string, input: { appVersion: string; kbVersion: string; pendingCount: number }): Promise<WorkstationReport>;
  /** Whether the server answers at all (a public call that needs no sign-in and writes nothing); throws UNAVAILABLE when it does not. */
  ping?(): Promise<void>;
  /** workstation.confirmWipe: the store was purged, keeping this many unsynced writes. */
  confirmWipe?(accessToken: string, keptUnsynced: number): Promise<{ wiped: boolean }>;
  /**
   * The same typed client (URL, timeout, error mapping) bound to one user's access token, for the
   * privacy and administrator workspaces, which forward their calls to the server as they are.
   */
  client?(accessToken: string): ServerClient;
  /** auth.changePassword: the signed-in user sets a new password (required after an administrator's reset). */
  changePassword?(accessToken: string, input: { currentPassword: string; newPassword: string }): Promise<void>;
}

/** The server's tRPC API as the workstation sees it (type-only import of its router). */
export type ServerClient = ReturnType<typeof createTRPCClient<AppRouter>>;

export interface WorkstationReport {
  policy: OrgPolicy;
  wipe: boolean;
  mustChangePassword: boolean;
}

const ChallengeSchema = z.object({ nonce: z.string().min(1) }).loose();
const IngestOutSchema = z.object({
  accepted: z.number().int().min(0),
  refused: z.array(z.object({ seq: z.number(), code: z.string(), reason: z.string() }).loose()).default([]),
}).loose();
const BreakGlassSchema = z.object({ grantId: z.string(), patientId: z.string().uuid(), expiresAt: z.string() }).loose();
const ScopeSchema = z.object({ careTeam: z.array(z.string().uuid()), unit: z.array(z.string().uuid()) });
const ReportSchema = z.object({ policy: OrgPolicySchema.loose(), wipe: z.boolean(), mustChangePassword: z.boolean() }).loose();
const WipedSchema = z.object({ wiped: z.boolean() }).loose();
const RegisteredKeySchema = z.object({ created: z.boolean() }).loose();

/** The server's error `data` (apps/sync-server/src/trpc.ts errorFormatter). */
const ErrorDataSchema = z.object({
  code: z.string().optional(),
  lanternCode: z.enum(ERROR_CODES).optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional().catch(undefined),
}).loose();

const ErrorBodySchema = z.object({ error: z.object({ data: z.unknown() }).loose() });

/** auth.login / auth.refresh as the server sends them (routers/auth.ts tokenSet; login adds the offline grant). */
const LoginWireSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullish(),
  user: z.object({ id: z.string().min(1), username: z.string(), displayName: z.string().min(1).nullish(), role: z.enum(ROLES), units: z.array(z.string()).optional() }).loose(),
  offlineGrant: z.string().nullish(),
  offlineGrantExpiresAt: z.string().nullish(),
  offlinePublicKey: z.string().nullish(),
}).loose();

export function parseLogin(data: unknown): LoginResult {
  const w = LoginWireSchema.parse(data);
  const offlineGrant = w.offlineGrant === null || w.offlineGrant === undefined || w.offlineGrantExpiresAt === null || w.offlineGrantExpiresAt === undefined
    ? null
    : { token: w.offlineGrant, expiresAt: w.offlineGrantExpiresAt };
  return {
    accessToken: w.accessToken,
    refreshToken: w.refreshToken ?? null,
    // The clinician's name from their Practitioner ("Dr. Ada Lovelace"); an older server sends none: the username.
    user: { userId: w.user.id, username: w.user.username, displayName: w.user.displayName ?? w.user.username, role: w.user.role },
    offlineGrant,
    offlinePublicKey: w.offlinePublicKey ?? null,
    ...(w.user.units === undefined ? {} : { units: w.user.units }),
  };
}

const TRPC_TO_LANTERN: Partial<Record<string, LanternError['code']>> = {
  BAD_REQUEST: 'BAD_INPUT', PARSE_ERROR: 'BAD_INPUT', UNAUTHORIZED: 'UNAUTHENTICATED', FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND', CONFLICT: 'CONFLICT', PRECONDITION_FAILED: 'VERSION_MISMATCH', TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  SERVICE_UNAVAILABLE: 'UNAVAILABLE', TIMEOUT: 'UNAVAILABLE',
};

/** A throttled answer (429: sign-in backoff, rate limit) says how long to wait, passed on as an issue for the countdown. */
function waitOf(res: Response | undefined): { seconds: number | null; issues: { path: string; message: string }[] } {
  const seconds = res?.status === 429 ? Math.ceil(Number(res.headers.get('retry-after'))) : Number.NaN;
  return Number.isFinite(seconds) && seconds > 0 ? { seconds, issues: [{ path: 'retryAfterSeconds', message: String(seconds) }] } : { seconds: null, issues: [] };
}

function throttled(res: Response, cause: unknown): LanternError {
  const wait = waitOf(res);
  return new LanternError('TOO_MANY_REQUESTS', wait.seconds === null ? 'Too many requests: try again later' : `Too many requests: try again in ${wait.seconds} seconds`, { issues: wait.issues, cause });
}

/**
 * The fetch under the tRPC link: a per-request timeout (a hung server must not hang the sync loop),
 * "unreachable" as UNAVAILABLE, and an error answer without a JSON body (a proxy's 429 or 502 page)
 * turned into a typed error here, while its status is still known.
 */
/** The fetch a tRPC HTTP link takes (its FetchEsque type is not exported). */
type LinkFetch = NonNullable<NonNullable<Parameters<typeof httpLink>[0]>['fetch']>;

function guardedFetch(doFetch: typeof fetch, timeoutMs: number): LinkFetch {
  return async (url, init) => {
    let res: Response;
    const timeout = AbortSignal.timeout(timeoutMs);
    const send = () => doFetch(url, {
      ...(init?.method === undefined ? {} : { method: init.method }),
      ...(init?.headers === undefined ? {} : { headers: init.headers }),
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
      signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
    });
    try {
      try {
        res = await send();
      } catch (e) {
        // A kept-alive connection the server closed (it restarted) fails the call that reused it before
        // the server saw it: once more on a fresh connection, when a second delivery is harmless.
        if (timeout.aborted || !connectionDropped(e) || !RETRY_SAFE.has(procedureOf(url))) throw e;
        await new Promise((r) => setImmediate(r));
        res = await send();
      }
    } catch (e) {
      if (timeout.aborted) throw new LanternError('UNAVAILABLE', `The sync server did not answer within ${timeoutMs} ms`, { cause: new TimedOut() });
      throw new LanternError('UNAVAILABLE', 'The sync server cannot be reached', { cause: e });
    }
    if (res.ok) return res;
    let body: unknown;
    try {
      body = await res.clone().json();
    } catch (e) {
      if (res.status === 429) throw throttled(res, e);
      throw new LanternError('UNAVAILABLE', `The sync server answered HTTP ${res.status} without a readable body`, { cause: e });
    }
    // A server shutting down answers 503 in its framework's words, not as a tRPC error.
    if (res.status === 503 && !ErrorBodySchema.safeParse(body).success) throw new LanternError('UNAVAILABLE', 'The sync server is restarting or unavailable (HTTP 503)');
    return res;
  };
}

/**
 * Procedures a second delivery cannot harm: reads, and writes the server deduplicates (sync.push by
 * mutation id, audit.ingest by sequence) or that end where they began (a report, a logout). Not
 * sign-in or refresh: a refresh token presented twice revokes its whole family.
 */
const RETRY_SAFE: ReadonlySet<string> = new Set([
  'sync.scope', 'sync.pull', 'sync.push', 'sync.resolveConflict', 'audit.ingest', 'workstation.report',
  'auth.challenge', 'auth.offlinePublicKey', 'auth.logout',
]);

const procedureOf = (url: unknown): string => /\/trpc\/([\w.]+)/.exec(String(url))?.[1] ?? '';

/** Codes of a connection the other side closed or reset (undici's and node:http's), not of one refused. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function connectionDropped(e: unknown): boolean {
  for (let c: unknown = e, depth = 0; c instanceof Error && depth < 4; c = c.cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && DROPPED.has(code)) return true;
  }
  return false;
}

/** The cause of an UNAVAILABLE that was this client's own timeout (the server may still be working on it). */
class TimedOut extends Error {
  constructor() {
    super('request timed out');
    this.name = 'TimedOut';
  }
}

/** Whether a call failed on its timeout rather than on an unreachable server. */
export const isTimeout = (e: unknown): boolean => e instanceof LanternError && e.code === 'UNAVAILABLE' && e.cause instanceof TimedOut;

/** Any failure of a call as a LanternError with a closed code (CONVENTIONS.md #4). */
export function serverErrorOf(e: unknown): LanternError {
  if (!(e instanceof TRPCClientError)) return e instanceof LanternError ? e : new LanternError('UNAVAILABLE', 'The sync server cannot be reached', { cause: e });
  if (e.cause instanceof LanternError) return e.cause;
  const response = e.meta?.['response'];
  const res = response instanceof Response ? response : undefined;
  // The link's own parse of the error, or else the body as it came (an error envelope tRPC would not take as its own).
  const body = ErrorBodySchema.safeParse(e.meta?.['responseJSON']);
  const parsed = ErrorDataSchema.safeParse(e.data ?? (body.success ? body.data.error.data : undefined));
  if (res === undefined || !parsed.success) {
    // An answer that is not a tRPC error at all (a 200 that is not JSON): the server is not usable now.
    return new LanternError('UNAVAILABLE', 'The sync server gave an answer the workstation cannot read', { cause: e });
  }
  const data = parsed.data;
  const code = data.lanternCode ?? TRPC_TO_LANTERN[data.code ?? ''] ?? (res.status >= 500 ? 'UNAVAILABLE' : 'INTERNAL');
  // Issues ride along where the caller acts on them: the wait of a 429, and which credential (the
  // password or this device) a refused sign-in was about.
  // and the minimum version of a refusal to an out-of-date workstation (core workstation-version).
  const issues = code === 'TOO_MANY_REQUESTS' ? waitOf(res).issues : code === 'UNAUTHENTICATED' || code === 'VERSION_MISMATCH' ? (data.issues ?? []) : [];
  return new LanternError(code, e.message === '' ? `The sync server answered HTTP ${res.status}` : e.message, { issues });
}

export interface ServerApiOptions {
  baseUrl: string;
  /** The device key (session/device-key.ts): signs sign-in and refresh proofs and audit batches. */
  device: DeviceSigner;
  /** Per-request timeout: a hung server must not hang the sync loop. */
  timeoutMs?: number;
  /** Timeout of one sync.pull page (default: timeoutMs): catch-up pages are big. */
  pullTimeoutMs?: number;
  fetch?: typeof fetch;
  /** Declared at sign-in and refresh with the sync protocols spoken, so the server can refuse an out-of-date workstation. */
  appVersion?: string;
}

/** The bearer token of one call travels in the operation context, read by the link's headers. */
interface CallContext extends Record<string, unknown> {
  token?: string;
}

export function createServerApi(options: ServerApiOptions): ServerApi {
  const base = options.baseUrl.replace(/\/+$/, '');
  const device = options.device;
  const declared = options.appVersion === undefined ? {} : { workstation: { appVersion: options.appVersion, protocol: { ...SUPPORTED_SYNC_PROTOCOLS } } };
  const linkFetch = guardedFetch(options.fetch ?? fetch, options.timeoutMs ?? 15_000);
  const clientWith = (f: LinkFetch): ServerClient => createTRPCClient<AppRouter>({
    links: [httpLink({
      url: `${base}/trpc`,
      fetch: f,
      headers: ({ op }) => {
        const token = (op.context as CallContext).token;
        return token === undefined ? {} : { authorization: `Bearer ${token}` };
      },
    })],
  });
  const trpc = clientWith(linkFetch);
  // Pulls through their own link: a catch-up page may take longer than any other call.
  const pullTrpc = options.pullTimeoutMs === undefined ? trpc : clientWith(guardedFetch(options.fetch ?? fetch, options.pullTimeoutMs));
  const as = (token: string): { context: CallContext } => ({ context: { token } });
  const run = async <T>(p: () => Promise<T>): Promise<T> => {
    try {
      return await p();
    } catch (e) {
      throw serverErrorOf(e);
    }
  };

  /** A single-use server nonce for this device (auth.challenge). */
  const challenge = async (): Promise<string> => ChallengeSchema.parse(await run(() => trpc.auth.challenge.mutate({ deviceId: device.deviceId }))).nonce;

  return {
    baseUrl: base,
    login: async (input) => {
      if (input.deviceId !== device.deviceId) throw new LanternError('INTERNAL', 'Sign-in for a device id this workstation holds no key for');
      const nonce = await challenge();
      const proof = device.proof({ purpose: 'login', nonce, subject: input.username });
      return parseLogin(await run(() => trpc.auth.login.mutate({ ...input, devicePublicKey: device.publicKey, nonce, proof, ...declared })));
    },
    refresh: async (refreshToken) => {
      const nonce = await challenge();
      const proof = device.proof({ purpose: 'refresh', nonce, subject: refreshSubject(refreshToken) });
      return parseLogin(await run(() => trpc.auth.refresh.mutate({ refreshToken, deviceId: device.deviceId, nonce, proof, ...declared })));
    },
    logout: async (accessToken, refreshToken) => {
      await run(() => trpc.auth.logout.mutate(refreshToken === undefined || refreshToken === null ? {} : { refreshToken }, as(accessToken)));
    },
    scope: async (token) => ScopeSchema.parse(await run(() => trpc.sync.scope.query(undefined, as(token)))),
    push: async (token, input) => PushOutputSchema.parse(await run(() => trpc.sync.push.mutate(input, as(token)))),
    pull: async (token, input) => decodePullOutput(await run(() => pullTrpc.sync.pull.mutate(input, as(token)))),
    resolveConflict: async (token, conflictId) => {
      await run(() => trpc.sync.resolveConflict.mutate({ conflictId }, as(token)));
    },
    ingestAudit: async (token, input) => {
      const out = IngestOutSchema.parse(await run(() => trpc.audit.ingest.mutate({ ...input, signature: device.signBatch(input.events) }, as(token))));
      return { accepted: out.accepted, refused: out.refused.length };
    },
    breakGlass: async (token, input) => {
      const g = BreakGlassSchema.parse(await run(() => trpc.access.breakGlass.mutate(input, as(token))));
      return { grantId: g.grantId, patientId: g.patientId, expiresAt: g.expiresAt };
    },
    registerSigningKey: async (token, key) => ({
      created: RegisteredKeySchema.parse(await run(() => trpc.auth.registerSigningKey.mutate(key, as(token)))).created,
    }),
    client: (token) => createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${base}/trpc`, fetch: linkFetch, headers: () => ({ authorization: `Bearer ${token}` }) })],
    }),
    report: async (token, input) => {
      const r = ReportSchema.parse(await run(() => trpc.workstation.report.mutate(input, as(token))));
      return { policy: OrgPolicySchema.parse(r.policy), wipe: r.wipe, mustChangePassword: r.mustChangePassword };
    },
    confirmWipe: async (token, keptUnsynced) => ({ wiped: WipedSchema.parse(await run(() => trpc.workstation.confirmWipe.mutate({ keptUnsynced }, as(token)))).wiped }),
    ping: async () => {
      await run(() => trpc.auth.offlinePublicKey.query());
    },
    changePassword: async (token, input) => {
      await run(() => trpc.auth.changePassword.mutate(input, as(token)));
    },
  };
}
