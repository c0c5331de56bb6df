/**
 * Browser mode serves PHI over loopback HTTP, so any local process or web page could try to call it.
 * Each launch makes a random secret; requests must carry it as a bearer token or as an HttpOnly,
 * SameSite=Strict cookie. The cookie is set by visiting the printed URL once: its one-time token is
 * consumed on first use, so the URL in a terminal's scrollback does not open a second session.
 * The Host header must name the loopback address we listen on (defeats DNS rebinding).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE_NAME = 'lantern_ws';

export interface LaunchAuth {
  readonly secret: string;
  /** The token to put in the first URL; valid once. */
  readonly launchToken: string;
  consumeLaunchToken(token: string): boolean;
  /**
   * A fresh one-time token for a new launch link (a closed tab, another browser) without a restart;
   * it replaces any unused one. Sessions already open keep working.
   */
  newLaunchToken(): string;
  /** How the request proved it holds the secret, or null. */
  authorizedBy(req: IncomingMessage): 'cookie' | 'bearer' | null;
  isAuthorized(req: IncomingMessage): boolean;
  cookieHeader(): string;
}

const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

export function createLaunchAuth(): LaunchAuth {
  const secret = randomBytes(32).toString('base64url');
  let launchToken: string | null = randomBytes(24).toString('base64url');
  const first = launchToken;
  const authorizedBy = (req: IncomingMessage): 'cookie' | 'bearer' | null => {
    const auth = req.headers.authorization;
    if (auth !== undefined && auth.startsWith('Bearer ') && safeEqual(auth.slice(7), secret)) return 'bearer';
    const cookie = parseCookies(req.headers.cookie).get(COOKIE_NAME);
    return cookie !== undefined && safeEqual(cookie, secret) ? 'cookie' : null;
  };
  return {
    secret,
    launchToken: first,
    consumeLaunchToken(token) {
      if (launchToken === null || !safeEqual(token, launchToken)) return false;
      launchToken = null;
      return true;
    },
    newLaunchToken() {
      launchToken = randomBytes(24).toString('base64url');
      return launchToken;
    },
    authorizedBy,
    isAuthorized: (req) => authorizedBy(req) !== null,
    cookieHeader: () => `${COOKIE_NAME}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
  };
}

/** True when the Host header is the loopback address and port we serve on. */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (hostHeader === undefined) return false;
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}` || hostHeader === `[::1]:${port}`;
}
