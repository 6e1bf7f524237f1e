import type { Org, OrgCreate, OrgPatch } from '@tongxing/contracts';
import type { OrgKind } from '@tongxing/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api-client';

export interface OrgList {
  items: Org[];
  total: number;
}

export interface OrgListParams {
  parentId?: number;
  subtreeOf?: number;
  roots?: boolean;
  q?: string;
  kind?: OrgKind | OrgKind[];
  status?: 'active' | 'inactive';
  page?: number;
  pageSize?: number;
}

/** The server caps a page at 500; a tree level larger than that is reached through search. */
export const TREE_PAGE_SIZE = 500;

export const orgKeys = {
  all: ['orgs'] as const,
  list: (params: OrgListParams) => ['orgs', 'list', params] as const,
  /** One level of the tree: the roots of my scope (`null`) or the children of a unit. */
  level: (parentId: number | null) => ['orgs', 'level', parentId] as const,
  detail: (id: number) => ['orgs', 'detail', id] as const,
};

export function fetchOrgList(params: OrgListParams, signal?: AbortSignal): Promise<OrgList> {
  const { roots, ...rest } = params;
  return api.get<OrgList>('/orgs', { ...rest, roots: roots ? 'true' : undefined }, signal);
}

export function fetchLevel(parentId: number | null, signal?: AbortSignal): Promise<OrgList> {
  return parentId === null
    ? fetchOrgList({ roots: true, pageSize: TREE_PAGE_SIZE }, signal)
    : fetchOrgList({ parentId, pageSize: TREE_PAGE_SIZE }, signal);
}

export function levelQuery(parentId: number | null) {
  return { queryKey: orgKeys.level(parentId), queryFn: ({ signal }: { signal: AbortSignal }) => fetchLevel(parentId, signal) };
}

export function fetchOrg(id: number): Promise<Org> {
  return api.get<Org>(`/orgs/${id}`);
}

export function useOrg(id: number | null | undefined) {
  return useQuery({
    queryKey: orgKeys.detail(id ?? 0),
    queryFn: () => fetchOrg(id ?? 0),
    enabled: typeof id === 'number' && id > 0,
  });
}

export function useOrgList(params: OrgListParams, enabled = true) {
  return useQuery({
    queryKey: orgKeys.list(params),
    queryFn: ({ signal }) => fetchOrgList(params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

function useOrgMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // Every unit query may show the changed unit (tree levels, counts, lists): refresh them all.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.all }),
  });
}

export function useCreateOrg() {
  return useOrgMutation((input: OrgCreate) => api.post<Org>('/orgs', input));
}

export function usePatchOrg() {
  return useOrgMutation(({ id, patch }: { id: number; patch: OrgPatch }) => api.patch<Org>(`/orgs/${id}`, patch));
}

export function useDeleteOrg() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<{ ok: true }>(`/orgs/${id}`),
    onSuccess: (_r, id) => {
      queryClient.removeQueries({ queryKey: orgKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: orgKeys.all });
    },
  });
}
