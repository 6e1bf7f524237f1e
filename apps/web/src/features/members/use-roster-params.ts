import { memberStatuses, modelWorkerLevels, workerCategories, type MemberStatus, type ModelWorkerLevel, type WorkerCategory } from '@tongxing/domain';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { MemberListParams, MemberSort } from './members-api';

const sorts: MemberSort[] = ['name', 'joinDate', 'createdAt', 'birthDate'];
const pageSizes = [10, 20, 50, 100];

function positive(value: string | null): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function oneOf<T extends string>(list: readonly T[], values: string[]): T[] {
  return values.filter((v): v is T => (list as readonly string[]).includes(v));
}

/**
 * The roster's filter lives in the address, so the back button from a member's record returns to the
 * same search, and a filtered list can be bookmarked or sent to a colleague.
 */
export function useRosterParams() {
  const [search, setSearch] = useSearchParams();

  const params = useMemo<MemberListParams>(() => {
    const sort = search.get('sort');
    const size = positive(search.get('pageSize'));
    return {
      q: search.get('q')?.trim() || undefined,
      orgId: positive(search.get('orgId')),
      status: oneOf<MemberStatus>(memberStatuses, search.getAll('status')),
      category: oneOf<WorkerCategory>(workerCategories, search.getAll('category')),
      modelWorkerLevel: oneOf<ModelWorkerLevel>(modelWorkerLevels, search.getAll('modelWorkerLevel')),
      tag: search.getAll('tag').filter((t) => t.trim() !== ''),
      sort: sorts.includes(sort as MemberSort) ? (sort as MemberSort) : 'name',
      order: search.get('order') === 'desc' ? 'desc' : 'asc',
      page: positive(search.get('page')) ?? 1,
      pageSize: size && pageSizes.includes(size) ? size : 20,
    };
  }, [search]);

  const update = useCallback(
    (patch: Partial<MemberListParams>, keepPage = false) => {
      const next = { ...params, ...patch, ...(keepPage || patch.page ? {} : { page: 1 }) };
      const out = new URLSearchParams();
      for (const [key, value] of Object.entries(next)) {
        if (value === undefined || value === null || value === '') continue;
        if (Array.isArray(value)) for (const v of value) out.append(key, String(v));
        else out.set(key, String(value));
      }
      // Defaults stay out of the address.
      if (out.get('sort') === 'name') out.delete('sort');
      if (out.get('order') === 'asc') out.delete('order');
      if (out.get('page') === '1') out.delete('page');
      if (out.get('pageSize') === '20') out.delete('pageSize');
      setSearch(out, { replace: true });
    },
    [params, setSearch],
  );

  const reset = useCallback(() => setSearch(new URLSearchParams(), { replace: true }), [setSearch]);

  return { params, update, reset, pageSizes };
}
