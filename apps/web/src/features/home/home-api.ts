import type { OrgCounts } from '@tongxing/contracts';
import { partnerKinds, type OrgKind } from '@tongxing/domain';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, type QueryValue } from '../../shared/api-client';

interface Totalled {
  total: number;
}

export const homeKeys = {
  total: (path: string, query: Record<string, QueryValue>) => ['home', 'total', path, query] as const,
};

/** Counting through the list endpoints: one row per page is enough to read `total`. */
function totalQuery(path: string, query: Record<string, QueryValue>, enabled: boolean) {
  return {
    queryKey: homeKeys.total(path, query),
    queryFn: async () => (await api.get<Totalled>(path, { ...query, pageSize: 1 })).total,
    enabled,
    staleTime: 60_000,
  };
}

export function useTotal(path: string, query: Record<string, QueryValue>, enabled: boolean) {
  return useQuery(totalQuery(path, query, enabled));
}

/** Units in my scope by kind, in one request (`GET /orgs/counts`). */
export function useUnitCounts(enabled: boolean): { counts: Partial<Record<OrgKind, number>>; total: number | undefined; partners: number | undefined; loading: boolean } {
  const q = useQuery({
    queryKey: ['home', 'org-counts'] as const,
    queryFn: () => api.get<OrgCounts>('/orgs/counts'),
    enabled,
    staleTime: 60_000,
  });
  const counts = (q.data?.byKind ?? {}) as Partial<Record<OrgKind, number>>;
  const partners = q.data ? partnerKinds.reduce((sum, k) => sum + (counts[k] ?? 0), 0) : undefined;
  return { counts, total: q.data?.total, partners, loading: q.isPending && enabled };
}

export function startOfToday(): string {
  return dayjs().startOf('day').format();
}
