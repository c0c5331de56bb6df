// `./lantern start` (pnpm start): runs Lantern on this machine.
//  1. the sync server on embedded Postgres with demo data (data under .lantern/server),
//  2. the workstation screens and host, built if a build is missing or older than its sources,
//  3. the workstation in browser mode (host over loopback HTTP, encrypted store under .lantern/workstation),
// then prints the URL to open. Electron is used where its runtime is installed; on machines where it
// cannot be had, the same screens run in a browser. Ctrl-C stops everything.
// Environment: LANTERN_SERVER_PORT (default 0 = any free port), LANTERN_AUTO_LOCK_MS (default 10 min),
// LANTERN_HL7_PORT (the HL7 v2 MLLP listener, default 2575).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, '.lantern');
const desktop = join(root, 'apps', 'desktop');
const rendererIndex = join(desktop, 'dist', 'renderer', 'index.html');
const hostBundle = join(desktop, 'dist', 'host', 'main.js');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
mkdirSync(dataDir, { recursive: true, mode: 0o700 });

/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const c of children) {
    // Each child leads its own process group: signal the group so tsx's node child stops too.
    if (c.exitCode === null && c.pid !== undefined) {
      try { process.kill(-c.pid, 'SIGTERM'); } catch { /* already gone */ }
    }
  }
  const deadline = setTimeout(() => {
    for (const c of children) if (c.exitCode === null && c.pid !== undefined) { try { process.kill(-c.pid, 'SIGKILL'); } catch { /* gone */ } }
    process.exit(code);
  }, 10_000);
  deadline.unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
// A new one-time launch link without a restart: passed on to the workstation, which prints it.
process.on('SIGUSR1', () => children.find((c) => c.spawnargs.includes(hostBundle))?.kill('SIGUSR1'));

/** Starts a child and resolves with the first match of `ready` in its output. */
function start(name, command, args, cwd, env, ready) {
  return new Promise((resolveReady, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let matched = false;
    const onData = (buf) => {
      for (const line of buf.toString().split('\n')) {
        if (line.trim() === '') continue;
        if (!matched) {
          const m = ready.exec(line);
          if (m !== null) {
            matched = true;
            resolveReady(m);
          }
        }
        if (!/^\s*open http/.test(line)) process.stdout.write(`[${name}] ${line}\n`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (!matched) reject(new Error(`${name} exited (code ${code}) before it was ready`));
      else if (!stopping) {
        console.error(`[${name}] stopped unexpectedly (code ${code}); stopping Lantern`);
        stopAll(1);
      }
    });
  });
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds `output` with `vite build args` when it is missing or older than any of `sourceDirs`. */
function buildIfStale(what, output, sourceDirs, args) {
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  const sources = Math.max(...sourceDirs.map(newestMtime));
  if (built >= sources) return;
  console.log(`Building ${what}…`);
  const r = spawnSync(join(root, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn', ...args], { cwd: desktop, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${what} failed to build`);
}

function buildWorkstationIfNeeded() {
  const core = join(root, 'packages', 'core', 'src');
  buildIfStale('the workstation screens', rendererIndex, [join(desktop, 'src', 'renderer'), join(root, 'packages', 'ui', 'src'), core], []);
  buildIfStale('the workstation host', hostBundle, [join(desktop, 'src', 'host'), core], ['-c', 'vite.host.config.ts']);
}

function electronAvailable() {
  try {
    const req = createRequire(join(desktop, 'package.json'));
    const path = req('electron');
    return typeof path === 'string' && existsSync(path);
  } catch {
    return false;
  }
}

try {
  const serverPort = process.env.LANTERN_SERVER_PORT ?? '0';
  const hl7Port = process.env.LANTERN_HL7_PORT ?? '2575';
  console.log('Starting the sync server (embedded Postgres, demo data)…');
  const serverReady = start('server', tsx, ['src/main.ts'], join(root, 'apps', 'sync-server'), {
    PORT: serverPort, LANTERN_DEMO: '1', LANTERN_DATA_DIR: join(dataDir, 'server'), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', LANTERN_HL7_PORT: hl7Port,
  }, /listening on (https?:\/\/\S+)/);
  buildWorkstationIfNeeded();
  const [, serverUrl] = await serverReady;
  const [, launchUrl] = await start('workstation', process.execPath, [hostBundle], desktop, {
    LANTERN_SERVER_URL: serverUrl,
    LANTERN_WORKSTATION_DIR: join(dataDir, 'workstation'),
    LANTERN_RENDERER_DIR: join(desktop, 'dist', 'renderer'),
  }, /open (http:\/\/\S+)/);
  console.log('');
  console.log('Lantern is running.');
  console.log(`  Sync server:  ${serverUrl}`);
  console.log(`  Workstation:  open ${launchUrl}`);
  console.log(`  HL7 v2:       MLLP on 127.0.0.1:${hl7Port} (senders DEMOLAB^DEMO for ORU, DEMOADT^DEMO for ADT)`);
  console.log('                (the link works once; it sets a cookie for this browser)');
  console.log(`  New link:     kill -USR1 ${process.pid}   (prints a new one-time link here; no restart)`);
  console.log('  Demo users:   dr.ada (physician), rn.ben (nurse), billing.cy (billing); password lantern-demo');
  console.log(electronAvailable() ? '  Electron:     installed (desktop shell: apps/desktop/src/main)' : '  Electron: not available on this machine (the workstation runs in the browser instead)');
  console.log('Press Ctrl-C to stop.');
} catch (e) {
  console.error(`Lantern failed to start: ${e instanceof Error ? e.message : String(e)}`);
  stopAll(1);
}
