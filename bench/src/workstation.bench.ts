/**
 * The workstation benchmark, in browser mode on Debian's Chromium:
 * - cold start to an interactive chart: from launching the workstation process (host + loopback HTTP,
 *   bundle as `pnpm start` runs it, encrypted store already synced) and opening the app in a fresh browser context (empty cache),
 *   through offline sign-in and a keyboard search, to the heavy patient's chart on screen with its tabs.
 *   The in-browser part (navigation -> chart interactive) is reported separately from host start.
 * - switching chart tabs for the heavy patient: click -> the new tab's content rendered (two frames).
 * Targets on 2 cores: cold start <= 1.5 s, tab switch <= 100 ms.
 * Beside the wall times it reports CPU time, which a busy machine inflates far less: the host process's
 * (user + system, all threads, from /proc) and the page's main-thread busy time (Chromium's
 * Performance.getMetrics TaskDuration: script, style, layout, paint).
 *
 * No sync server is needed: the bench signs an offline grant with its own Ed25519 key and provisions
 * the user on the workstation, so sign-in is the offline path a clinic uses when its link is down.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { unwrap } from '@lantern/core';
import { generatePatients } from '@lantern/core/synthetic';
import { keyFileProvider, openStore, seedStore } from '@lantern/desktop/host/store';
import { createHost, provisionOfflineUser } from '@lantern/desktop/serve';
import type { BenchSuite } from './suite.ts';
import { stats } from './stats.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DESKTOP = join(ROOT, 'apps', 'desktop');
const PATIENTS = Number(process.env['LANTERN_BENCH_WS_PATIENTS'] ?? 200);
const COLD_RUNS = Number(process.env['LANTERN_BENCH_WS_COLD_RUNS'] ?? 5);
const TAB_ROUNDS = Number(process.env['LANTERN_BENCH_WS_TAB_ROUNDS'] ?? 10);
const PASSWORD = 'bench-password';
/** LANTERN_BENCH_WS_PROFILE=1: say where each cold start's time goes inside the page (main-thread work, scripts fetched). */
const PROFILE = process.env['LANTERN_BENCH_WS_PROFILE'] === '1';
/**
 * LANTERN_BENCH_WS_BASELINE=<dir>: another build's `apps/desktop/dist` (host/ and renderer/, copied with a
 * node_modules link to apps/desktop/node_modules and a package.json of `{ "type": "module" }` beside them;
 * without it Node parses each chunk once more to guess its module format, a cost the real build does not pay): cold starts alternate between it and this
 * build, so old and new are compared under the same machine load. The store and its user are made by this
 * build: a baseline must be able to read them (a build from before the argon2id offline verifier cannot).
 */
const BASELINE = process.env['LANTERN_BENCH_WS_BASELINE'];
/** LANTERN_BENCH_WS_TRACE=<file>: a Chromium trace (chrome://tracing, Perfetto) of the last cold start, navigation to chart. */
const TRACE = process.env['LANTERN_BENCH_WS_TRACE'];
/** LANTERN_BENCH_WS_HOST_ARGS: extra Node arguments for the workstation process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p` (every thread writes a profile). */
const HOST_ARGS = (process.env['LANTERN_BENCH_WS_HOST_ARGS'] ?? '').split(' ').filter((a) => a !== '');
// Long tasks (> 50 ms of main-thread work: parsing, compiling, running script, layout) counted from the first byte.
const LONG_TASKS = `window.__longTasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });`;
const PAGE_PROFILE = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const js = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.js'));
  const kb = Math.round(js.reduce((n, r) => n + (r.decodedBodySize || 0), 0) / 1024);
  const tasks = window.__longTasks || [];
  const busy = tasks.reduce((n, t) => n + t[1], 0);
  // The page's own resource timing (start, first byte, end; ms from navigation), exact where the bench's request events lag on a busy machine.
  const res = performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname.replace('/assets/', '').replace('/trpc/', '').slice(0, 28)
    + ' ' + Math.round(r.startTime) + '/' + Math.round(r.responseStart) + '/' + Math.round(r.responseEnd)).join(', ');
  return 'at ' + Math.round(performance.now()) + ' ms: document ' + Math.round(nav ? nav.responseEnd : 0) + ' ms, DOMContentLoaded ' + Math.round(nav ? nav.domContentLoadedEventEnd : 0)
    + ' ms, ' + js.length + ' scripts (' + kb + ' kB), long tasks ' + busy + ' ms: ' + tasks.map((t) => t[0] + '+' + t[1]).join(' ')
    + ' | resources (start/first byte/end): ' + res;
})()`;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const note = (line: string): void => void process.stderr.write(`${line}\n`);
const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/** Clock ticks per second of /proc/<pid>/stat's utime and stime. */
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU milliseconds (user + system, every thread) a process has used so far (proc(5): fields 14 and 15). */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

interface MainThread {
  /** All main-thread tasks. */
  task: number;
  script: number;
  layout: number;
  style: number;
}

/** The page's main-thread busy time so far, in ms (Chrome DevTools Protocol Performance.getMetrics). */
async function mainThreadMeter(context: BrowserContext, page: Page): Promise<() => Promise<MainThread>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = new Map(metrics.map((x) => [x.name, x.value * 1000]));
    return { task: m.get('TaskDuration') ?? NaN, script: m.get('ScriptDuration') ?? NaN, layout: m.get('LayoutDuration') ?? NaN, style: m.get('RecalcStyleDuration') ?? NaN };
  };
}

interface Prepared {
  dir: string;
  heavy: { id: string; mrn: string };
}

/** An encrypted store with PATIENTS synthetic patients (index 0 is the heavy chart) and an offline-ready user. */
async function prepare(): Promise<Prepared> {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-bench-ws-'));
  const keyProvider = keyFileProvider({ path: join(dir, 'store.key'), createIfMissing: true });
  const store = unwrap(await openStore({ path: join(dir, 'store.db'), keyProvider }));
  const seeded = unwrap(seedStore(store, generatePatients({ seed: 42, count: PATIENTS, heavyIndex: 0 }), { lastUpdated: '2026-11-01T12:00:00Z', report: 20 }));
  store.close();
  const heavy = seeded.first[0];
  if (heavy === undefined) throw new Error('no heavy patient seeded');
  note(`bench: workstation store: ${seeded.count} patients, ${seeded.resources} resources`);

  const host = await createHost({ dataDir: dir, serverUrl: 'http://127.0.0.1:9', keyProvider, syncIntervalMs: 3_600_000 });
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const userId = randomUUID();
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const header = b64url(JSON.stringify({ alg: 'EdDSA', typ: 'lantern-offline-grant+jwt' }));
  const payload = b64url(JSON.stringify({ sub: userId, uname: 'bench.doc', role: 'physician', did: host.services.deviceId, iat: exp - 3600, exp }));
  const grant = `${header}.${payload}.${b64url(sign(null, Buffer.from(`${header}.${payload}`), privateKey))}`;
  await provisionOfflineUser(host.services, {
    userId, username: 'bench.doc', displayName: 'Bench Doctor', role: 'physician', password: PASSWORD, grant,
    grantPublicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(), expiresAt: new Date(exp * 1000).toISOString(),
    scope: { careTeam: seeded.first.map((p) => p.id), unit: [] },
  });
  await host.close();
  return { dir, heavy: { id: heavy.id, mrn: heavy.mrn } };
}

/** The host's own 'host ready' line (main.ts): ms from its process start, once printed. */
type HostReady = { ms: number | null };

function startWorkstationProcess(dir: string, dist = join(DESKTOP, 'dist')): Promise<{ child: ChildProcess; launchUrl: string; hostReady: HostReady }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...HOST_ARGS, join(dist, 'host', 'main.js')], {
      cwd: DESKTOP, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LANTERN_SERVER_URL: 'http://127.0.0.1:9', LANTERN_WORKSTATION_DIR: dir, LANTERN_SYNC_INTERVAL_MS: '3600000' },
    });
    let out = '';
    const hostReady: HostReady = { ms: null };
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const r = /host ready (\d+) ms after start/.exec(out);
      if (r?.[1] !== undefined) hostReady.ms = Number(r[1]);
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/\?launch=\S+)/.exec(out);
      if (m?.[1] !== undefined) resolve({ child, launchUrl: m[1], hostReady });
    });
    child.once('exit', (code) => reject(new Error(`workstation exited (${code}) before it was ready`)));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    child.once('exit', () => resolve());
    process.kill(-child.pid, 'SIGTERM');
  });
}

/** The steps after the sign-in form is on screen, each timed, so the report says what dominates. */
interface Steps {
  /** Click "Sign in" -> the finder's search box (offline password check, session, shell chunk, finder). */
  signIn: number;
  /** MRN typed -> the patient listed. */
  search: number;
  /** Enter -> the chart's banner and tabs. */
  openChart: number;
}

async function signInAndOpen(page: Page, mrn: string): Promise<Steps> {
  await page.getByLabel('Username').fill('bench.doc');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  const t0 = performance.now();
  await page.getByRole('button', { name: 'Sign in' }).click();
  const search = page.getByRole('combobox');
  await search.waitFor();
  const t1 = performance.now();
  await search.fill(mrn);
  await page.getByRole('option', { name: new RegExp(mrn) }).waitFor();
  const t2 = performance.now();
  await search.press('Enter');
  await page.getByRole('tab', { name: 'Notes' }).waitFor();
  await page.getByTestId('patient-banner').waitFor();
  const t3 = performance.now();
  return { signIn: t1 - t0, search: t2 - t1, openChart: t3 - t2 };
}

interface ColdRun extends Steps {
  total: number;
  hostStart: number;
  firstPaint: number;
  toChart: number;
  /** CPU ms of the host process from launch to the sign-in form, and to the chart. */
  hostCpuForm: number;
  hostCpuChart: number;
  /** The page's main-thread busy ms to the sign-in form, and to the chart. */
  pageCpuForm: number;
  pageCpuChart: number;
  pageScriptChart: number;
}

async function coldStart(browser: Browser, prepared: Prepared, dist?: string): Promise<ColdRun> {
  const t0 = performance.now();
  // The window is made while the host starts, as the Electron shell does (main creates the
  // BrowserWindow while the host opens the store); the page navigates once the host listens.
  const [{ child, launchUrl, hostReady }, { context, page, meter }] = await Promise.all([
    startWorkstationProcess(prepared.dir, dist),
    browser.newContext({ viewport: { width: 1366, height: 900 } }).then(async (context) => {
      const page = await context.newPage();
      return { context, page, meter: await mainThreadMeter(context, page) };
    }),
  ]);
  const tHost = performance.now();
  try {
    const timeline: string[] = [];
    if (PROFILE) {
      await page.addInitScript(LONG_TASKS);
      // Every request's start and end from host ready, so a serial chain (script -> session -> chunk) shows.
      const started = new Map<object, number>();
      page.on('request', (r) => void started.set(r, performance.now() - tHost));
      page.on('requestfinished', (r) => void timeline.push(`${(started.get(r) ?? 0).toFixed(0)}-${(performance.now() - tHost).toFixed(0)} ${r.url().replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '').slice(0, 60)}`));
    }
    if (TRACE !== undefined) await browser.startTracing(page, { path: TRACE, screenshots: false, categories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading', 'netlog'] });
    await page.goto(launchUrl);
    await page.getByLabel('Username').waitFor();
    const tForm = performance.now();
    const hostCpuForm = processCpuMs(child.pid);
    const pageForm = await meter();
    if (PROFILE) note(`bench: profile: to the sign-in form: ${String(await page.evaluate(PAGE_PROFILE))}`);
    const steps = await signInAndOpen(page, prepared.heavy.mrn);
    const tChart = performance.now();
    if (TRACE !== undefined) await browser.stopTracing();
    const hostCpuChart = processCpuMs(child.pid);
    const pageChart = await meter();
    if (PROFILE) {
      const ready = hostReady.ms === null ? 'not reported' : `${hostReady.ms} ms after its process start (${(hostReady.ms - (tHost - t0)).toFixed(0)} ms after the link)`;
      note(`bench: profile: to the chart: ${String(await page.evaluate(PAGE_PROFILE))}\n  form ${(tForm - tHost).toFixed(0)} ms, chart ${(tChart - tHost).toFixed(0)} ms; host ready ${ready}; requests: ${timeline.join(', ')}`);
    }
    return {
      total: tChart - t0, hostStart: tHost - t0, firstPaint: tForm - tHost, toChart: tChart - tHost, ...steps,
      hostCpuForm, hostCpuChart, pageCpuForm: pageForm.task, pageCpuChart: pageChart.task, pageScriptChart: pageChart.script,
    };
  } finally {
    await context.close();
    await stopProcess(child);
  }
}

/** Click a tab and wait until its panel shows content (not "Loading"), then two animation frames.
 *  The page script is a string: tsx's name-keeping helpers do not exist inside the page. */
const SWITCH_TAB = `async (tabName) => {
  const tab = [...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent === tabName);
  if (tab === undefined) throw new Error('no tab ' + tabName);
  const t = performance.now();
  tab.click();
  for (;;) {
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    const panel = document.querySelector('[role="tabpanel"]:not([hidden])');
    if (tab.getAttribute('aria-selected') === 'true' && panel !== null && !/Loading/.test(panel.textContent ?? '')) break;
  }
  await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  return performance.now() - t;
}`;

async function switchTab(page: Page, name: string): Promise<number> {
  return page.evaluate(`(${SWITCH_TAB})(${JSON.stringify(name)})`) as Promise<number>;
}

/** One tab switch under a Chromium trace: the main thread's time by kind of work (nested events overlap). */
async function traceSwitch(browser: Browser, page: Page, tab: string): Promise<string> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing'] });
  await switchTab(page, tab);
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: { name: string; ph: string; dur?: number; tid: number; args?: { name?: string } }[] };
  const main = trace.traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')?.tid;
  const byName = new Map<string, number>();
  for (const e of trace.traceEvents) if (e.tid === main && e.ph === 'X' && e.dur !== undefined) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
  return [...byName].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', ');
}

const TABS = ['Problems', 'Medications', 'Allergies', 'Vitals & labs', 'Encounters', 'Notes', 'Summary'];

interface TabSamples {
  wall: number[];
  /** Main-thread busy ms per switch. */
  cpu: number[];
}

async function tabSwitching(browser: Browser, prepared: Prepared): Promise<Map<string, TabSamples>> {
  const { child, launchUrl } = await startWorkstationProcess(prepared.dir);
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(launchUrl);
    await page.getByLabel('Username').waitFor();
    await signInAndOpen(page, prepared.heavy.mrn);
    const meter = await mainThreadMeter(context, page);
    const samples = new Map<string, TabSamples>(TABS.map((t) => [t, { wall: [], cpu: [] }]));
    // One untimed round: the first visit of a tab mounts it (and lets the prefetch land).
    for (const t of TABS) await switchTab(page, t);
    for (let round = 0; round < TAB_ROUNDS; round += 1) {
      for (const t of TABS) {
        const before = await meter();
        const wall = await switchTab(page, t);
        const after = await meter();
        samples.get(t)?.wall.push(wall);
        samples.get(t)?.cpu.push(after.task - before.task);
      }
    }
    if (PROFILE) for (const t of TABS) note(`bench: profile: switch to ${t}: ${await traceSwitch(browser, page, t)}`);
    return samples;
  } finally {
    await context.close();
    await stopProcess(child);
  }
}

const f = (x: number): string => `${x.toFixed(0)} ms`;

interface BundleSizes {
  /** The entry chunk index.html runs. */
  entry: number;
  /** The entry and every chunk it imports statically: what runs before the sign-in form. */
  beforeSignIn: number;
  /** The signed-in shell's chunks not already counted: fetched and compiled while the form shows, run at sign-in. */
  shell: number;
  /** Every script of the build, the screens loaded on demand included. */
  totalJs: number;
  css: number;
}

/** Sizes (bytes, uncompressed) of the renderer build in apps/desktop/dist/renderer, from its files. */
function rendererBundle(dir: string): BundleSizes {
  const assets = join(dir, 'assets');
  const files = readdirSync(assets);
  const size = (name: string): number => statSync(join(assets, name)).size;
  // A chunk's static imports (`import{..}from"./x.js"`, `import"./x.js"`), not its dynamic `import("./x.js")`.
  const graph = (start: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(start)) return seen;
    seen.add(start);
    for (const m of readFileSync(join(assets, start), 'utf8').matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) if (m[1] !== undefined) graph(m[1], seen);
    return seen;
  };
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\.\/assets\/([^"]+\.js)"/.exec(html)?.[1];
  const shell = files.find((n) => /^SignedInShell-.*\.js$/.test(n));
  if (entry === undefined || shell === undefined) throw new Error('renderer build: no entry or shell chunk found');
  const before = graph(entry);
  const sum = (names: Iterable<string>): number => [...names].reduce((n, name) => n + size(name), 0);
  return {
    entry: size(entry),
    beforeSignIn: sum(before),
    shell: sum([...graph(shell)].filter((n) => !before.has(n))),
    totalJs: sum(files.filter((n) => n.endsWith('.js'))),
    css: sum(files.filter((n) => n.endsWith('.css'))),
  };
}

function reportColdStart(label: string, runs: ColdRun[]): void {
  const col = (k: keyof ColdRun) => stats(runs.map((r) => r[k]));
  log(`workstation cold start, heavy patient, ${label} (${PATIENTS} patients in the store, ${runs.length} runs, fresh browser context each):`);
  log(`  process start -> chart interactive: median ${f(col('total').median)}, max ${f(col('total').max)} (target <= 1500 ms)`);
  log(`    host start to the launch link (node + HTTP listen; the browser window is made meanwhile, the store opens while the page loads): median ${f(col('hostStart').median)}`);
  log(`    navigation -> sign-in form: median ${f(col('firstPaint').median)}`);
  log(`    navigation -> chart interactive (incl. offline sign-in and search): median ${f(col('toChart').median)}, max ${f(col('toChart').max)}`);
  log(`      of which: sign-in click -> finder ${f(col('signIn').median)}, search -> listed ${f(col('search').median)}, Enter -> chart ${f(col('openChart').median)} (medians)`);
  log(`    CPU (medians): host process ${f(col('hostCpuForm').median)} to the sign-in form, ${f(col('hostCpuChart').median)} to the chart; page main thread ${f(col('pageCpuForm').median)} to the form, ${f(col('pageCpuChart').median)} to the chart (${f(col('pageScriptChart').median)} of it script)`);
}

const kB = (bytes: number): string => `${Math.round(bytes / 1024)} kB`;

export const workstationBench: BenchSuite = {
  name: 'workstation',
  async run() {
    note('bench: workstation: building the renderer and the host bundle ...');
    for (const args of [[], ['-c', 'vite.host.config.ts']]) {
      const build = spawnSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn', ...args], { cwd: DESKTOP, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('workstation build failed');
    }
    const b = rendererBundle(join(DESKTOP, 'dist', 'renderer'));
    log(`workstation renderer bundle (uncompressed): entry chunk ${kB(b.entry)}, before sign-in ${kB(b.beforeSignIn)}, signed-in shell ${kB(b.shell)} more (preloaded while the form shows), all scripts ${kB(b.totalJs)}, CSS ${kB(b.css)}`);
    log(`machine load average at the start: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
    const prepared = await prepare();
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      await coldStart(browser, prepared); // warm the OS file cache
      if (BASELINE !== undefined) await coldStart(browser, prepared, BASELINE);
      const runs: ColdRun[] = [];
      const baseline: ColdRun[] = [];
      for (let i = 0; i < COLD_RUNS; i += 1) {
        // Alternated, and the order flipped each round, so neither build always runs first.
        if (BASELINE !== undefined && i % 2 === 0) baseline.push(await coldStart(browser, prepared, BASELINE));
        runs.push(await coldStart(browser, prepared));
        if (BASELINE !== undefined && i % 2 === 1) baseline.push(await coldStart(browser, prepared, BASELINE));
      }
      if (BASELINE !== undefined) reportColdStart(`baseline build ${BASELINE}`, baseline);
      reportColdStart(BASELINE === undefined ? 'this build' : 'this build (alternated with the baseline)', runs);

      const tabs = await tabSwitching(browser, prepared);
      const s = stats([...tabs.values()].flatMap((v) => v.wall));
      const c = stats([...tabs.values()].flatMap((v) => v.cpu));
      log(`workstation tab switch, heavy patient (${TAB_ROUNDS} rounds x ${TABS.length} tabs): median ${f(s.median)}, p99 ${f(s.p99)}, max ${f(s.max)} (target <= 100 ms); main-thread CPU per switch median ${f(c.median)}, p99 ${f(c.p99)}`);
      log(`machine load average at the end: ${readFileSync('/proc/loadavg', 'utf8').trim()} (wall times on a loaded machine are not the quiet figures; CPU times move less)`);
      for (const [t, v] of tabs) {
        const ts = stats(v.wall);
        const tc = stats(v.cpu);
        log(`  ${t.padEnd(14)} median ${f(ts.median)}  max ${f(ts.max)}  (CPU median ${f(tc.median)}, max ${f(tc.max)})`);
      }
    } finally {
      await browser.close();
      rmSync(prepared.dir, { recursive: true, force: true });
    }
  },
};
