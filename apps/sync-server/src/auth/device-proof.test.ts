/** Device proofs against the RFC 8037 Appendix A test vectors, and the canonical strings. */
import { describe, expect, it } from 'vitest';
import { batchString, generateDeviceKeyPair, proofString, thumbprint, verifyDeviceSignature, type DevicePublicKey } from './device-proof.ts';

// RFC 8037 Appendix A.2 (public key), A.3 (RFC 7638 thumbprint), A.4 (signature over the JWS signing input).
const RFC_KEY: DevicePublicKey = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' };
const RFC_INPUT = 'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc';
const RFC_SIG = 'hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg';

describe('device proof', () => {
  it('computes the RFC 8037 A.3 thumbprint and verifies the A.4 signature', () => {
    expect(thumbprint(RFC_KEY)).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    expect(verifyDeviceSignature(RFC_KEY, RFC_INPUT, RFC_SIG)).toBe(true);
    expect(verifyDeviceSignature(RFC_KEY, `${RFC_INPUT}x`, RFC_SIG)).toBe(false);
  });

  it('a proof binds purpose, device, nonce and subject: changing any one fails', () => {
    const k = generateDeviceKeyPair();
    const p = { purpose: 'login' as const, deviceId: 'd-1', nonce: 'n'.repeat(43), subject: 'dr.ada' };
    const sig = k.sign(proofString(p));
    expect(verifyDeviceSignature(k.publicKey, proofString(p), sig)).toBe(true);
    for (const changed of [{ ...p, purpose: 'refresh' as const }, { ...p, deviceId: 'd-2' }, { ...p, nonce: 'm'.repeat(43) }, { ...p, subject: 'billing.cy' }]) {
      expect(verifyDeviceSignature(k.publicKey, proofString(changed), sig)).toBe(false);
    }
    expect(verifyDeviceSignature(generateDeviceKeyPair().publicKey, proofString(p), sig)).toBe(false);
  });

  it('malformed keys or signatures are simply false, never a throw', () => {
    expect(verifyDeviceSignature({ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) }, 'm', 'B'.repeat(86))).toBe(false);
    expect(verifyDeviceSignature(RFC_KEY, RFC_INPUT, 'short')).toBe(false);
  });

  it('a batch signature covers every event hash and the count', () => {
    const events = [{ seq: 1, hash: 'a'.repeat(64) }, { seq: 2, hash: 'b'.repeat(64) }];
    expect(batchString('d-1', events)).not.toBe(batchString('d-1', [events[0] ?? { seq: 0, hash: '' }]));
    expect(batchString('d-1', events)).not.toBe(batchString('d-1', [events[0] ?? { seq: 0, hash: '' }, { seq: 2, hash: 'c'.repeat(64) }]));
    expect(batchString('d-1', events)).not.toBe(batchString('d-2', events));
  });
});
