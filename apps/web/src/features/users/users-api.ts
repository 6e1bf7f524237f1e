import type { User } from '@tongxing/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api-client';

export interface UserList {
  items: User[];
  total: number;
}

export interface UserListParams {
  orgId?: number;
  q?: string;
  status?: 'active' | 'disabled';
  roleId?: number;
  page: number;
  pageSize: number;
}

export interface UserCreateInput {
  username: string;
  displayName: string;
  orgId: number;
  password: string;
  phone?: string;
  roleIds: number[];
  mustChangePassword: boolean;
}

export interface UserPatchInput {
  displayName?: string;
  orgId?: number;
  phone?: string | null;
  status?: 'active' | 'disabled';
  roleIds?: number[];
  note?: string;
}

export const userKeys = {
  all: ['users'] as const,
  list: (params: UserListParams) => ['users', 'list', params] as const,
};

export function useUsers(params: UserListParams) {
  return useQuery({
    queryKey: userKeys.list(params),
    queryFn: ({ signal }) => api.get<UserList>('/users', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

function useUserMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // Role user counts change with accounts too.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: userKeys.all }), queryClient.invalidateQueries({ queryKey: ['roles'] })]),
  });
}

export function useCreateUser() {
  return useUserMutation((input: UserCreateInput) => api.post<User>('/users', input));
}

export function usePatchUser() {
  return useUserMutation(({ id, patch }: { id: number; patch: UserPatchInput }) => api.patch<User>(`/users/${id}`, patch));
}

export function useResetPassword() {
  return useUserMutation(({ id, newPassword, mustChangePassword }: { id: number; newPassword: string; mustChangePassword: boolean }) =>
    api.post<{ ok: true }>(`/users/${id}/reset-password`, { newPassword, mustChangePassword }),
  );
}

/** Roles go through their own endpoint: it needs only user:grant, and ends the account's sessions. */
export function useSetUserRoles() {
  return useUserMutation(({ id, roleIds }: { id: number; roleIds: number[] }) => api.put<User>(`/users/${id}/roles`, { roleIds }));
}

export type UserAction = 'unlock' | 'end-sessions' | 'reset-totp';

export function useUserAction() {
  return useUserMutation(({ id, action }: { id: number; action: UserAction }) => api.post<{ ok: true }>(`/users/${id}/${action}`));
}
