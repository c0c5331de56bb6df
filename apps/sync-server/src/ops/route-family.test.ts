import { describe, expect, it } from 'vitest';
import { routeFamily } from './route-family.ts';

const procs = new Set(['sync.push', 'auth.login']);

describe('route families', () => {
  it('names tRPC procedures only from the router, FHIR interactions only with known types', () => {
    expect(routeFamily({ method: 'POST', pattern: '/trpc/:path', params: { path: 'sync.push' } }, procs)).toBe('trpc sync.push');
    expect(routeFamily({ method: 'POST', pattern: '/trpc/:path', params: { path: 'MRN000123' } }, procs)).toBe('trpc unknown');
    expect(routeFamily({ method: 'GET', pattern: '/trpc/:path', params: { path: 'sync.push,auth.login' } }, procs)).toBe('trpc batch');
    expect(routeFamily({ method: 'GET', pattern: '/fhir/R4/:type/:id', params: { type: 'Patient', id: 'p-123' } }, procs)).toBe('fhir read Patient');
    expect(routeFamily({ method: 'GET', pattern: '/fhir/R4/:type/:id/_history/:vid', params: { type: 'Observation', id: 'x', vid: '2' } }, procs)).toBe('fhir vread Observation');
    expect(routeFamily({ method: 'GET', pattern: '/fhir/R4/:type', params: { type: 'Smith' } }, procs)).toBe('fhir search-type unknown');
    expect(routeFamily({ method: 'GET', pattern: '/fhir/R4/Patient/:id/$everything', params: { id: 'p-1' } }, procs)).toBe('fhir GET /Patient/:id/$everything');
    expect(routeFamily({ method: 'GET', pattern: undefined, params: {} }, procs)).toBe('unmatched');
    expect(routeFamily({ method: 'GET', pattern: '/healthz', params: {} }, procs)).toBe('GET /healthz');
  });
});
