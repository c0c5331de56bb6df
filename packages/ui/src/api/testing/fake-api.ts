/**
 * A WorkstationApi for component tests that provides only the features a screen calls. The one cast
 * lives here: a screen that reaches a feature the test did not provide fails with "not a function",
 * which names the missing stub.
 */
import type { WorkstationApi } from '../WorkstationApi.ts';

type Stubs = { [K in keyof WorkstationApi]?: Partial<WorkstationApi[K]> };

export function fakeApi(stubs: Stubs): WorkstationApi {
  return stubs as WorkstationApi;
}
