/**
 * What electron-updater's session is told under the machine policy, in plain Node with real
 * certificates (openssl): IT's CA is added as a trust anchor and nothing else is loosened.
 */
import { describe, expect, it } from 'vitest';
import { CERT_AUTHORITY_INVALID, certificateVerifierOf, proxyConfigOf, TRUST, updaterNetworkConfig, USE_CHROMIUM_VERDICT } from './updater-network.ts';
import { makeTestCertificates } from './testing/test-certificates.ts';

const certs = makeTestCertificates();
const NOW = new Date();
/** What Chromium hands the verify proc: the leaf with its presented issuer chain. */
const presented = (hostname: string, chain: string[], errorCode = CERT_AUTHORITY_INVALID) => {
  const [first, ...rest] = chain;
  type C = { data: string; issuerCert?: C };
  const certificate = [first ?? '', ...rest].reduceRight<C | undefined>((issuerCert, data) => (issuerCert === undefined ? { data } : { data, issuerCert }), undefined) ?? { data: '' };
  return { hostname, certificate, errorCode };
};

describe("electron-updater's network under the machine policy", () => {
  it('goes through the policy proxy for http and https (CONNECT), as the host does', () => {
    expect(proxyConfigOf('http://proxy.hospital.example:3128')).toEqual({ mode: 'fixed_servers', proxyRules: 'http://proxy.hospital.example:3128' });
    expect(proxyConfigOf('http://proxy.hospital.example')).toEqual({ mode: 'fixed_servers', proxyRules: 'http://proxy.hospital.example:80' });
    expect(updaterNetworkConfig({ proxy: null, trustedCaPem: null })).toEqual({ proxy: null, verifyCertificate: null });
  });

  it("trusts a server certificate that chains to IT's CA through the presented intermediate", () => {
    const verify = certificateVerifierOf(certs.rootCa, () => NOW);
    expect(verify(presented('sync.hospital.example', [certs.server, certs.intermediate]))).toBe(TRUST);
    // IT may also hand out the issuing CA itself as the anchor.
    expect(certificateVerifierOf(certs.intermediate, () => NOW)(presented('sync.hospital.example', [certs.server]))).toBe(TRUST);
  });

  it("leaves Chromium's verdict standing for anything else", () => {
    const verify = certificateVerifierOf(certs.rootCa, () => NOW);
    // Another organisation's CA.
    expect(certificateVerifierOf(certs.otherCa, () => NOW)(presented('sync.hospital.example', [certs.server, certs.intermediate]))).toBe(USE_CHROMIUM_VERDICT);
    // The right chain for the wrong host.
    expect(verify(presented('evil.example', [certs.server, certs.intermediate]))).toBe(USE_CHROMIUM_VERDICT);
    // The chain is broken (no intermediate presented).
    expect(verify(presented('sync.hospital.example', [certs.server]))).toBe(USE_CHROMIUM_VERDICT);
    // Out of its dates.
    expect(certificateVerifierOf(certs.rootCa, () => new Date(Date.now() + 3000 * 86_400_000))(presented('sync.hospital.example', [certs.server, certs.intermediate]))).toBe(USE_CHROMIUM_VERDICT);
    // A failure other than an unknown authority (revoked, weak key, ...) is never overridden.
    expect(verify(presented('sync.hospital.example', [certs.server, certs.intermediate], -201))).toBe(USE_CHROMIUM_VERDICT);
    // A certificate Chromium trusts keeps its verdict.
    expect(verify(presented('sync.hospital.example', [certs.server, certs.intermediate], 0))).toBe(USE_CHROMIUM_VERDICT);
    // A server certificate cannot act as a CA for another.
    expect(certificateVerifierOf(certs.server, () => NOW)(presented('sync.hospital.example', [certs.intermediate]))).toBe(USE_CHROMIUM_VERDICT);
  });
});
