import { describe, expect, it } from 'vitest';
import { optionsFromEnv } from '../config.ts';
import { loadEnv } from '../env.ts';

describe('HL7 v2 settings', () => {
  it('are off unless set', () => {
    expect(optionsFromEnv(loadEnv({})).hl7).toBeUndefined();
  });
  it('read the listener port and the lab endpoint', () => {
    expect(optionsFromEnv(loadEnv({ LANTERN_HL7_PORT: '2575', LANTERN_HL7_LAB_ENDPOINT: 'lab.example.org:6661' })).hl7).toEqual({ port: 2575, labEndpoint: { host: 'lab.example.org', port: 6661 } });
  });
  it('stop the server with the variable named when malformed', () => {
    expect(() => loadEnv({ LANTERN_HL7_LAB_ENDPOINT: 'lab.example.org' })).toThrow(/LANTERN_HL7_LAB_ENDPOINT/);
    expect(() => loadEnv({ LANTERN_HL7_PORT: '70000' })).toThrow(/LANTERN_HL7_PORT/);
  });
});
