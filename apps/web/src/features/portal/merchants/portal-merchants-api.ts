import type { MerchantCategoryCode } from '@tongxing/contracts';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../../shared/api-client';

/** merchantDirectoryItemSchema: public facts and today's terms; the distance when a position was given. */
export interface DirectoryItem {
  id: number;
  name: string;
  category: MerchantCategoryCode;
  address: string;
  lng: number | null;
  lat: number | null;
  openingHours: string | null;
  districtName: string | null;
  orgName: string;
  discountBps: number | null;
  subsidyBps: number | null;
  distanceM: number | null;
  photoCount: number;
}

/** merchantDirectoryDetailSchema. */
export interface DirectoryDetail extends DirectoryItem {
  description: string | null;
  photos: { n: number; mime: string }[];
  capPerTxnFen: number | null;
  capPerMonthFen: number | null;
  validTo: string | null;
}

/** merchantUnitSchema: a district union or street federation. */
export interface MerchantUnit {
  id: number;
  name: string;
  kind: string;
  parentId: number | null;
}

export interface DirectoryFilter {
  category?: string;
  orgId?: number;
  q?: string;
  lng?: number;
  lat?: number;
}

const PAGE = 20;

/** The public directory of active partner merchants: the portal browses it signed in or not. */
export const directoryKeys = {
  all: ['merchant-directory'] as const,
  list: (f: DirectoryFilter) => ['merchant-directory', 'list', f] as const,
  detail: (id: number) => ['merchant-directory', 'detail', id] as const,
  units: ['merchant-directory', 'units'] as const,
};

export function useDirectory(filter: DirectoryFilter) {
  return useInfiniteQuery({
    queryKey: directoryKeys.list(filter),
    queryFn: ({ pageParam, signal }) => api.get<{ items: DirectoryItem[]; total: number }>('/merchant-directory', { ...filter, page: pageParam, pageSize: PAGE }, signal),
    initialPageParam: 1,
    getNextPageParam: (last, pages) => (pages.length * PAGE < last.total ? pages.length + 1 : undefined),
    placeholderData: keepPreviousData,
  });
}

export function useDirectoryMerchant(id: number) {
  return useQuery({ queryKey: directoryKeys.detail(id), queryFn: () => api.get<DirectoryDetail>(`/merchant-directory/${id}`), enabled: id > 0 });
}

/** District unions and street federations, for the district filter. */
export function useMerchantUnits() {
  return useQuery({ queryKey: directoryKeys.units, queryFn: () => api.get<{ items: MerchantUnit[] }>('/merchant-applications/units'), staleTime: 10 * 60_000 });
}

export const photoUrl = (id: number, n: number) => `/api/v1/merchant-directory/${id}/photos/${n}`;

/** 850 → "850 m"; 12,345 → "12.3 km". */
export function distanceText(m: number | null): string | null {
  if (m === null) return null;
  return m < 1000 ? `${m} m` : `${(m / 1000).toFixed(m < 10_000 ? 1 : 0)} km`;
}

/** 500 bps → "5%"; 1250 → "12.5%". */
export function bpsPercent(bps: number): string {
  return `${Number((bps / 100).toFixed(2))}%`;
}

/** Fen as ¥ with two decimals. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}¥${Math.floor(a / 100).toLocaleString('en-US')}.${String(a % 100).padStart(2, '0')}`;
}
