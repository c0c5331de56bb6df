/**
 * How electron-updater reaches the sync server under the machine policy: through IT's `proxy` and
 * trusting IT's internal CA (`trustedCaFile`), as the host's own requests do (host
 * machine-policy/trusted-fetch.ts). electron-updater downloads with Electron's `net` in its own
 * session (`autoUpdater.netSession`), which follows the operating system's proxy and certificate
 * store unless told otherwise; this module builds what that session is told, in plain Node, so it is
 * tested without Electron:
 *  - the proxy as Chromium's fixed proxy rules (https://www.electronjs.org/docs/latest/api/structures/proxy-config);
 *  - a certificate check (https://www.electronjs.org/docs/latest/api/session#sessetcertificateverifyprocproc)
 *    that adds IT's CA as a trust anchor and nothing else: Chromium's own verdict stands for every
 *    certificate it accepts and every failure other than an unknown authority, and a chain accepted
 *    here must still name the host, be within its dates and be signed link by link up to IT's CA.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { UpdaterNetwork } from '../host/updates/update-feed.ts';

/** Chromium's fixed proxy configuration for one proxy that carries both http and https. */
export interface UpdaterProxyConfig {
  mode: 'fixed_servers';
  proxyRules: string;
}

/** The slice of Electron's `Certificate` the check reads: PEM data and the presented issuer chain. */
export interface PresentedCertificate {
  data: string;
  issuerCert?: PresentedCertificate | undefined;
}

/** The slice of Electron's certificate-verify request the check reads. */
export interface CertificateVerifyRequest {
  hostname: string;
  certificate: PresentedCertificate;
  /** Chromium's verdict: 0 when it trusts the chain (net::OK), else a net error code. */
  errorCode: number;
}

/** Electron's answers: 0 trusts, -2 refuses, -3 keeps Chromium's own verdict. */
export const TRUST = 0;
export const USE_CHROMIUM_VERDICT = -3;
/** net::ERR_CERT_AUTHORITY_INVALID: the only failure IT's CA can answer. */
export const CERT_AUTHORITY_INVALID = -202;

export type CertificateVerifier = (request: CertificateVerifyRequest) => number;

export interface UpdaterNetworkConfig {
  proxy: UpdaterProxyConfig | null;
  verifyCertificate: CertificateVerifier | null;
}

/**
 * Chromium's proxy rules for the policy's proxy URL: `http://proxy.example:3128` sends http in
 * absolute form and https through a CONNECT tunnel, as trusted-fetch does. Credentials are not
 * carried (trusted-fetch carries none either).
 */
export function proxyConfigOf(proxy: string): UpdaterProxyConfig {
  const u = new URL(proxy);
  const port = u.port === '' ? (u.protocol === 'https:' ? '443' : '80') : u.port;
  return { mode: 'fixed_servers', proxyRules: `${u.protocol === 'https:' ? 'https' : 'http'}://${u.hostname}:${port}` };
}

/** Every certificate in a PEM bundle. */
export function certificatesOf(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

const within = (c: X509Certificate, now: Date): boolean => new Date(c.validFrom) <= now && now <= new Date(c.validTo);
const signs = (issuer: X509Certificate, child: X509Certificate): boolean => issuer.ca && child.checkIssued(issuer) && child.verify(issuer.publicKey);

/** The presented chain, leaf first, as Node certificates; null when any of it does not parse. */
function chainOf(c: PresentedCertificate): X509Certificate[] | null {
  const out: X509Certificate[] = [];
  const seen = new Set<string>();
  for (let cur: PresentedCertificate | undefined = c; cur !== undefined && out.length < 10; cur = cur.issuerCert) {
    let x: X509Certificate;
    try {
      x = new X509Certificate(cur.data);
    } catch {
      return null;
    }
    // Electron repeats a self-signed root as its own issuer.
    if (seen.has(x.fingerprint256)) break;
    seen.add(x.fingerprint256);
    out.push(x);
  }
  return out;
}

/** True when the presented chain names `hostname`, is within its dates and leads, signed link by link, to one of `anchors`. */
export function chainsToAnchor(request: CertificateVerifyRequest, anchors: readonly X509Certificate[], now: Date): boolean {
  const chain = chainOf(request.certificate);
  const leaf = chain?.[0];
  if (chain === null || leaf === undefined) return false;
  const named = isIP(request.hostname) === 0 ? leaf.checkHost(request.hostname) : leaf.checkIP(request.hostname);
  if (named === undefined) return false;
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i];
    if (cert === undefined || !within(cert, now)) return false;
    // Anchored: this certificate is IT's CA itself, or IT's CA signed it.
    if (anchors.some((a) => a.fingerprint256 === cert.fingerprint256 || (within(a, now) && signs(a, cert)))) return true;
    const next = chain[i + 1];
    if (next === undefined || !signs(next, cert)) return false;
  }
  return false;
}

/** The session's certificate check with IT's CA added as a trust anchor. */
export function certificateVerifierOf(trustedCaPem: string, now: () => Date = () => new Date()): CertificateVerifier {
  const anchors = certificatesOf(trustedCaPem);
  return (request) => {
    if (request.errorCode !== CERT_AUTHORITY_INVALID) return USE_CHROMIUM_VERDICT;
    return chainsToAnchor(request, anchors, now()) ? TRUST : USE_CHROMIUM_VERDICT;
  };
}

/** What electron-updater's session is told for the machine policy the host reports with the feed. */
export function updaterNetworkConfig(n: UpdaterNetwork, now?: () => Date): UpdaterNetworkConfig {
  return {
    proxy: n.proxy === null ? null : proxyConfigOf(n.proxy),
    verifyCertificate: n.trustedCaPem === null ? null : certificateVerifierOf(n.trustedCaPem, now),
  };
}
