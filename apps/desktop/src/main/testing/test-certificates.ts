/**
 * Real certificates for tests, made with openssl in a temporary directory: an internal root CA, an
 * intermediate it signs, a server certificate for sync.hospital.example under the intermediate, and an
 * unrelated CA. Nothing is mocked: the checks under test parse and verify these with node:crypto.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  rootCa: string;
  intermediate: string;
  server: string;
  otherCa: string;
}

export function makeTestCertificates(hostname = 'sync.hospital.example'): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-certs-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const f = (name: string) => join(dir, name);
  try {
    writeFileSync(f('ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
    writeFileSync(f('server.ext'), `basicConstraints=critical,CA:FALSE\nsubjectAltName=DNS:${hostname}\nextendedKeyUsage=serverAuth\n`);
    const selfSigned = (name: string, cn: string) =>
      run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.pem`), '-days', '3650', '-subj', `/CN=${cn}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    const signed = (name: string, cn: string, by: string, ext: string) => {
      run('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${cn}`);
      run('x509', '-req', '-in', f(`${name}.csr`), '-CA', f(`${by}.pem`), '-CAkey', f(`${by}.key`), '-CAcreateserial', '-out', f(`${name}.pem`), '-days', '825', '-extfile', f(ext));
    };
    selfSigned('root', 'Hospital Internal Root CA');
    selfSigned('other', 'Somebody Else CA');
    signed('intermediate', 'Hospital Issuing CA', 'root', 'ca.ext');
    signed('server', hostname, 'intermediate', 'server.ext');
    const read = (name: string) => readFileSync(f(`${name}.pem`), 'utf8');
    return { rootCa: read('root'), intermediate: read('intermediate'), server: read('server'), otherCa: read('other') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
