import { loanStates, type LoanState } from '@tongxing/domain';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { LoanListParams } from './loans-api';

const pageSizes = [10, 20, 50, 100];

function positive(value: string | null): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The loan book's filter lives in the address, so the back button from a loan returns to the same list
 * and a filtered list can be sent to a colleague.
 */
export function useLoanParams() {
  const [search, setSearch] = useSearchParams();

  const params = useMemo<LoanListParams>(() => {
    const size = positive(search.get('pageSize'));
    return {
      q: search.get('q')?.trim() || undefined,
      state: search.getAll('state').filter((s): s is LoanState => (loanStates as readonly string[]).includes(s)),
      programmeId: positive(search.get('programmeId')),
      orgId: positive(search.get('orgId')),
      overdue: search.get('overdue') === 'true' ? 'true' : undefined,
      page: positive(search.get('page')) ?? 1,
      pageSize: size && pageSizes.includes(size) ? size : 20,
    };
  }, [search]);

  const update = useCallback(
    (patch: Partial<LoanListParams>, keepPage = false) => {
      const next = { ...params, ...patch, ...(keepPage || patch.page ? {} : { page: 1 }) };
      const out = new URLSearchParams();
      for (const [key, value] of Object.entries(next)) {
        if (value === undefined || value === null || value === '') continue;
        if (Array.isArray(value)) for (const v of value) out.append(key, String(v));
        else out.set(key, String(value));
      }
      if (out.get('page') === '1') out.delete('page');
      if (out.get('pageSize') === '20') out.delete('pageSize');
      setSearch(out, { replace: true });
    },
    [params, setSearch],
  );

  const reset = useCallback(() => setSearch(new URLSearchParams(), { replace: true }), [setSearch]);

  return { params, update, reset, pageSizes };
}
