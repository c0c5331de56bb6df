import { describe, expect, it } from 'vitest';
import { LanternError, httpStatusOf, toLanternError, toOperationOutcome, trpcCodeOf } from './errors.ts';

describe('errors', () => {
  it('maps codes to HTTP and tRPC statuses', () => {
    expect(httpStatusOf('VERSION_MISMATCH')).toBe(412);
    expect(trpcCodeOf('FORBIDDEN')).toBe('FORBIDDEN');
    expect(httpStatusOf('NOT_FOUND')).toBe(404);
  });

  it('hides the text of unexpected errors, which may hold PHI', () => {
    const e = toLanternError(new Error('patient Jane Doe not found in row 7'));
    expect(e.code).toBe('INTERNAL');
    expect(e.message).not.toMatch(/Jane/);
    expect(JSON.stringify(e.toJSON())).not.toMatch(/Jane|stack/);
    expect(toOperationOutcome(new TypeError('x')).issue[0]?.severity).toBe('fatal');
  });

  it('keeps a LanternError as it is', () => {
    const e = new LanternError('GONE', 'Patient was deleted');
    expect(toLanternError(e)).toBe(e);
    expect(toOperationOutcome(e).issue[0]).toMatchObject({ code: 'deleted', diagnostics: 'Patient was deleted' });
  });
});
