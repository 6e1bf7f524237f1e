import type { Role } from '@tongxing/contracts';
import type { ScopeKind } from '@tongxing/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api-client';
import { hasPermission, useMe } from '../auth/auth-api';

export interface RoleList {
  items: Role[];
  total: number;
}

export interface PermissionCatalog {
  permissions: { permission: string; module: string; zh: string; en: string }[];
  scopes: { scope: string; zh: string; en: string }[];
}

export interface GrantInput {
  permission: string;
  scope: ScopeKind;
  unitIds: number[];
}

export interface RoleInput {
  code: string;
  name: string;
  nameEn?: string;
  description?: string;
  requiresMfa: boolean;
  grants: GrantInput[];
}

export type RolePatchInput = Omit<RoleInput, 'code'>;

export const roleKeys = {
  all: ['roles'] as const,
  list: () => ['roles', 'list'] as const,
  catalog: () => ['roles', 'catalog'] as const,
};

/** Roles are few (tens): one request, no paging. Without role:read the query stays off. */
export function useRoles() {
  const { data: me } = useMe();
  return useQuery({
    queryKey: roleKeys.list(),
    queryFn: () => api.get<RoleList>('/roles'),
    enabled: hasPermission(me, 'role:read'),
  });
}

export function usePermissionCatalog() {
  const { data: me } = useMe();
  return useQuery({
    queryKey: roleKeys.catalog(),
    queryFn: () => api.get<PermissionCatalog>('/permissions'),
    staleTime: Infinity,
    enabled: hasPermission(me, 'role:read'),
  });
}

/** A role's display name in the UI language (accounts carry both names). */
export function useRoleName() {
  const { i18n } = useTranslation();
  return (role: { name: string; nameEn?: string | null }) => (i18n.language === 'en' ? (role.nameEn ?? role.name) : role.name);
}

function useRoleMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: roleKeys.all }) });
}

export function useCreateRole() {
  return useRoleMutation((input: RoleInput) => api.post<Role>('/roles', input));
}

export function usePatchRole() {
  return useRoleMutation(({ id, patch }: { id: number; patch: RolePatchInput }) => api.patch<Role>(`/roles/${id}`, patch));
}

export function useDeleteRole() {
  return useRoleMutation((id: number) => api.delete<{ ok: true }>(`/roles/${id}`));
}
