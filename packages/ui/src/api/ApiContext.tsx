import { createContext, useContext, type ReactNode } from 'react';
import type { WorkstationApi } from './WorkstationApi.ts';

const ApiContext = createContext<WorkstationApi | null>(null);

export function ApiProvider({ api, children }: { api: WorkstationApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): WorkstationApi {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useApi must be used inside <ApiProvider>');
  return api;
}
