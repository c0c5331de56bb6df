#!/usr/bin/env bash
# Installs everything Lantern needs on a fresh Debian 12 + Node 20 machine, then optionally runs a command.
# Idempotent: a second run only checks. Used by the README's commands and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM_VERSION=12.21.0
# Native modules (better-sqlite3-multiple-ciphers, @journeyapps/sqlcipher) build from source against
# the Node headers in /usr/include/node: prebuilt binaries are not reachable from these machines.
export npm_config_nodedir=/usr
export ELECTRON_SKIP_BINARY_DOWNLOAD=1

if ! command -v pnpm >/dev/null || [ "$(pnpm -v 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm $PNPM_VERSION" >&2
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
# The load-balancer tests run a real HAProxy; the Debian package of the sync server is built with
# dpkg-deb and checked with lintian.
[ -x /usr/sbin/haproxy ] || command -v haproxy >/dev/null || need_apt+=(haproxy)
command -v dpkg-deb >/dev/null && command -v dpkg-shlibdeps >/dev/null || need_apt+=(dpkg-dev)
command -v lintian >/dev/null || need_apt+=(lintian)
command -v systemd-analyze >/dev/null || need_apt+=(systemd) # verifies the package's unit (no systemd as PID 1 needed)
if [ ${#need_apt[@]} -gt 0 ] && [ "${LANTERN_SKIP_APT:-0}" != 1 ]; then
  echo "setup: installing ${need_apt[*]} from Debian" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  echo "setup: pnpm install" >&2
  pnpm install --frozen-lockfile --reporter=append-only 2>&1 | grep -vE 'warning|note:|\^|^\s*\||In function|[0-9]+ \|' >&2 || true
  test -f node_modules/.modules.yaml
fi

if [ "${1:-}" = "--then" ]; then
  shift
  exec bash -c "$*"
fi
