/**
 * Browser mode: the host router over loopback HTTP at /trpc, and the renderer build as static files,
 * on a random port. Every request needs the launch secret (launch-auth.ts); only 127.0.0.1 is bound.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { HostServices } from '../api/host-services.ts';
import { SECURITY_HEADERS } from './csp.ts';
import { withHostStartingMeta } from './host-starting-page.ts';
import { createLaunchAuth, isAllowedHost, type LaunchAuth } from './launch-auth.ts';
import { guardApiRequest } from './request-guard.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
};

export interface HttpServeOptions {
  /**
   * The host, or the host still starting (start-workstation.ts): the screens are served at once and API
   * calls wait until it is ready. The host router's code is loaded then, not before the server listens.
   */
  services: HostServices | Promise<HostServices> | null;
  /**
   * Answers the /trpc/ requests instead of a router on this thread (the host on a worker thread,
   * http-host-worker-client.ts); called only after the launch authentication and the CSRF guard.
   */
  api?: (req: IncomingMessage, res: ServerResponse, origin: string) => Promise<void>;
  /** The renderer build (index.html + assets); null serves the API only. */
  rendererDir: string | null;
  /**
   * True while the host is still starting. No one can be signed in then (sessions live in the host's
   * memory and begin empty), so index.html says so (HOST_STARTING_META) and the page shows the sign-in
   * form at once instead of waiting for the host to answer `session.current`.
   */
  hostStarting?: () => boolean;
  port?: number;
  log?: (msg: string) => void;
}

export interface HttpServe {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The one-time URL that sets the session cookie and opens the app. */
  launchUrl: string;
  /** A new one-time launch URL (the old unused one stops working); no restart needed. */
  newLaunchUrl(): string;
  auth: LaunchAuth;
  /**
   * Resolves once the first page load's files are sent (index.html, then no file in flight for
   * PAGE_QUIET_MS) or the first API call arrives, whichever is first.
   */
  firstPageServed: Promise<void>;
  close(): Promise<void>;
}

/** A page asks for its scripts as soon as it parses index.html: this long with none in flight ends the burst. */
const PAGE_QUIET_MS = 50;

export { HOST_STARTING_META } from './host-starting-page.ts';

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, ...extra });
  res.end(body);
}

async function serveStatic(root: string, urlPath: string, res: ServerResponse, onFile: (isPage: boolean) => void, hostStarting: () => boolean): Promise<void> {
  const rel = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  let file = join(root, rel);
  if (!file.startsWith(root + sep) && file !== root) return send(res, 404, 'Not found');
  let info = await stat(file).catch(() => null);
  if (info === null || info.isDirectory()) {
    // A client-side route: the app's index.html handles it.
    file = join(root, 'index.html');
    info = await stat(file).catch(() => null);
    if (info === null) return send(res, 404, 'The workstation screens have not been built (run the start script)');
  }
  const isPage = extname(file) === '.html';
  onFile(isPage);
  if (isPage && hostStarting()) {
    const page = withHostStartingMeta(await readFile(file, 'utf8'));
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': MIME['.html'] ?? 'text/html', 'content-length': String(Buffer.byteLength(page)) });
    res.end(page);
    return;
  }
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-length': String(info.size) });
  createReadStream(file).pipe(res);
}

export async function serveHttp(options: HttpServeOptions): Promise<HttpServe> {
  const auth = createLaunchAuth();
  const trpc = Promise.resolve(options.services).then(async (services) => {
    if (services === null) throw new Error('no host on this thread');
    const [{ hostRouter }, { createHTTPHandler }] = await Promise.all([import('../api/host-router.ts'), import('@trpc/server/adapters/standalone')]);
    // The adapter turns each request into a fetch `Request`, and Node loads its fetch implementation on
    // first use (a tenth of a second on these machines): load it now, while the browser is still
    // compiling the screens, not when the first API call (the session) waits for it.
    new Headers();
    return createHTTPHandler({
      router: hostRouter,
      basePath: '/trpc/',
      createContext: () => ({ services }),
      onError: ({ error, path }) => {
        // Expected failures are the caller's business; a bug is logged by name and stack frames only
        // (messages can echo data, so they stay out of the log).
        if (error.code !== 'INTERNAL_SERVER_ERROR') return;
        let cause: Error = error;
        while (cause.cause instanceof Error) cause = cause.cause;
        const frames = (cause.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at ')).slice(0, 6).join(' | ');
        options.log?.(`internal error in ${path ?? '?'}: ${cause.name} ${frames}`);
      },
    });
  });
  // A host that never starts fails each API call (500 below) and is reported by whoever started it.
  trpc.catch(() => undefined);
  // The first page load, tracked so a caller can start heavy work after it (start-workstation.ts).
  let firstPageDone!: () => void;
  const firstPageServed = new Promise<void>((resolve) => (firstPageDone = resolve));
  let pageRequested = false;
  let inFlight = 0;
  let quiet: NodeJS.Timeout | undefined;
  const fileSending = (isPage: boolean, res: ServerResponse): void => {
    pageRequested ||= isPage;
    inFlight += 1;
    clearTimeout(quiet);
    res.once('close', () => {
      inFlight -= 1;
      if (!pageRequested || inFlight > 0) return;
      clearTimeout(quiet);
      quiet = setTimeout(firstPageDone, PAGE_QUIET_MS);
      quiet.unref();
    });
  };
  let port = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isAllowedHost(req.headers.host, port)) return send(res, 421, 'Misdirected request');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const launch = url.searchParams.get('launch');
    if (launch !== null && url.pathname === '/') {
      if (!auth.consumeLaunchToken(launch)) return send(res, 403, 'This launch link was already used. Ask for a new one: ./lantern start prints how.');
      res.writeHead(303, { ...SECURITY_HEADERS, location: '/', 'set-cookie': auth.cookieHeader() });
      res.end();
      return;
    }
    const via = auth.authorizedBy(req);
    if (via === null) return send(res, 401, 'Open the workstation with the link printed when it started.');
    if (url.pathname.startsWith('/trpc/')) {
      firstPageDone();
      const guard = guardApiRequest(req, port, via);
      if (!guard.ok) return send(res, guard.status, guard.message);
      if (options.api !== undefined) return options.api(req, res, `http://127.0.0.1:${port}`);
      (await trpc)(req, res);
      return;
    }
    if (options.rendererDir === null) return send(res, 404, 'Not found');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    return serveStatic(options.rendererDir, url.pathname, res, (isPage) => fileSending(isPage, res), options.hostStarting ?? (() => false));
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    launchUrl: `${origin}/?launch=${auth.launchToken}`,
    newLaunchUrl: () => `${origin}/?launch=${auth.newLaunchToken()}`,
    auth,
    firstPageServed,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(quiet);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
