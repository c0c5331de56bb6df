/**
 * The server's version. packaging/deb/build.sh bundles with `--define:LANTERN_SERVER_VERSION=...`
 * so the installed command reports the package's version; from a checkout it is `dev`.
 */
declare const LANTERN_SERVER_VERSION: string | undefined;

export const SERVER_VERSION: string = typeof LANTERN_SERVER_VERSION === 'string' ? LANTERN_SERVER_VERSION : 'dev';
