/** Whatever logs a request object gets its summary only: never its URL, headers or body. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('createLogger', () => {
  it('reduces a logged request to id, method and route pattern', () => {
    const out: string[] = [];
    const log = createLogger('info', new Writable({ write(c: Buffer, _e, done) { out.push(c.toString()); done(); } }));
    log.info({ req: { id: 'r1', method: 'GET', url: '/fhir/R4/Patient?family=Doe&birthdate=1950-01-02', routeOptions: { url: '/fhir/R4/:type' }, headers: { authorization: 'Bearer x' }, body: { name: 'Doe' } } }, 'x');
    log.info({ req: 'not a request' }, 'y');
    const text = out.join('');
    expect(text).toContain('"route":"/fhir/R4/:type"');
    expect(text).not.toMatch(/Doe|1950|Bearer/);
  });
});
