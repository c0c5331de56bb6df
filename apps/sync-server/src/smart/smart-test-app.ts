/**
 * Test support for the SMART conformance tests: a third-party app built on the SMART client
 * library (`fhirclient`, Node entry) served on loopback, and a "browser" (fetch with a cookie jar,
 * following redirects by hand) that a clinician drives through sign-in and consent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import smart from 'fhirclient';

export interface AppResult {
  patient: string | null;
  needPatientBanner: unknown;
  /** The GETs the app made after launch: path, HTTP status and resource type of the body. */
  reads: { path: string; status: number; resourceType: string | null; code: string | null }[];
  /** The app had a refresh token, refreshed, and read its patient with the new access token. */
  refreshed: boolean;
}

/** fhirclient's Storage over one Map (the app has one user in these tests). */
class MapStorage {
  private readonly m = new Map<string, unknown>();
  async get(key: string): Promise<unknown> { return this.m.get(key); }
  async set(key: string, value: unknown): Promise<unknown> { this.m.set(key, value); return value; }
  async unset(key: string): Promise<boolean> { return this.m.delete(key); }
}

export interface TestApp {
  url: string;
  /** What the app saw after its last successful launch. */
  results: AppResult[];
  configure(o: { clientId: string; scope: string; iss?: string; reads: (patient: string | null) => string[] }): void;
  close(): Promise<void>;
}

export async function startTestApp(): Promise<TestApp> {
  const storage = new MapStorage();
  const results: AppResult[] = [];
  let cfg: { clientId: string; scope: string; iss?: string; reads: (patient: string | null) => string[] } | null = null;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (cfg === null) throw new Error('app not configured');
    if (path === '/launch') {
      // EHR launch: fhirclient takes iss and launch from this URL; standalone: iss from the config.
      await smart(req, res, storage).authorize({ clientId: cfg.clientId, scope: cfg.scope, redirectUri: '/callback', ...(cfg.iss === undefined ? {} : { iss: cfg.iss }) });
      return;
    }
    if (path === '/callback') {
      const client = await smart(req, res, storage).ready();
      const patient = client.patient.id;
      const reads: AppResult['reads'] = [];
      for (const p of cfg.reads(patient)) {
        const r = await fetch(`${client.state.serverUrl}/${p}`, { headers: { authorization: client.getAuthorizationHeader() ?? '', accept: 'application/fhir+json' } });
        const body = await r.json() as { resourceType?: string; issue?: { code?: string }[] };
        reads.push({ path: p, status: r.status, resourceType: body.resourceType ?? null, code: body.issue?.[0]?.code ?? null });
      }
      // The library itself reads the patient in context (client.patient.read()).
      const viaLibrary = await client.patient.read() as { resourceType: string };
      reads.push({ path: 'client.patient.read()', status: 200, resourceType: viaLibrary.resourceType, code: null });
      // offline_access: the library refreshes the token and the new one still works for the same patient.
      let refreshed = false;
      if (typeof client.state.tokenResponse?.refresh_token === 'string') {
        const before = client.getAuthorizationHeader();
        // A public client names itself when refreshing (RFC 6749 section 3.2.1); fhirclient's option for it.
        Object.assign(client.environment.options, { refreshTokenWithClientId: true });
        await client.refresh();
        const again = await client.patient.read() as { id?: string };
        refreshed = client.getAuthorizationHeader() !== before && again.id === patient;
      }
      results.push({ patient, needPatientBanner: client.state.tokenResponse?.need_patient_banner, reads, refreshed });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('launched');
      return;
    }
    res.writeHead(404).end();
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(e instanceof Error ? e.message : 'app failed');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    results,
    configure: (o) => { cfg = o; },
    close: () => new Promise((resolve) => { server.close(() => resolve()); }),
  };
}

/** A browser: one cookie jar, redirects followed by hand so each hop can be inspected. */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (init.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const r = await fetch(url, { method: init.method ?? 'GET', headers, redirect: 'manual', ...(init.form === undefined ? {} : { body: new URLSearchParams(init.form).toString() }) });
    for (const c of r.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return r;
  }

  /** Follows redirects from `url` until a page (non-3xx) answers; returns it and where it is. */
  async follow(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ response: Response; url: string; body: string }> {
    let at = url;
    let r = await this.request(at, init);
    for (let hops = 0; r.status >= 300 && r.status < 400 && hops < 20; hops++) {
      at = new URL(r.headers.get('location') ?? '', at).toString();
      r = await this.request(at);
    }
    return { response: r, url: at, body: await r.text() };
  }
}

/** The `action` of the page's form. */
export function formAction(html: string, base: string): string {
  const m = /<form method="post" action="([^"]+)"/.exec(html);
  if (m?.[1] === undefined) throw new Error('no form on the page');
  return new URL(m[1].replaceAll('&amp;', '&'), base).toString();
}
