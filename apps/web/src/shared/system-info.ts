import type { SystemInfo } from '@tongxing/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from './api-client';

/** Public facts (the federation's name, demo accounts in demo mode), readable before signing in. */
export function useSystemInfo() {
  return useQuery({ queryKey: ['system-info'] as const, queryFn: () => api.get<SystemInfo>('/system/info'), staleTime: 5 * 60_000 });
}
