import type { Org } from '@tongxing/contracts';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { fetchOrg, levelQuery, type OrgList } from './orgs-api';

export interface OrgTreeLevels {
  roots: Org[] | undefined;
  rootsLoading: boolean;
  /** Children by parent id, for the levels fetched so far. */
  children: Map<number, OrgList>;
  /** Fetches one level (if needed) and keeps it live, so later changes refresh the tree by themselves. */
  loadLevel: (parentId: number) => Promise<void>;
  /** Fetches the levels from the top of my scope down to a unit; returns the ids to expand, or null. */
  reveal: (id: number) => Promise<number[] | null>;
}

/**
 * The lazily loaded organisation tree as a set of React Query levels. Each opened level stays an active
 * query, so invalidating `orgs` after an edit refreshes exactly what is on screen.
 */
export function useOrgTreeLevels(): OrgTreeLevels {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState<number[]>([]);

  const results = useQueries({ queries: [levelQuery(null), ...opened.map((id) => levelQuery(id))] });
  const rootResult = results[0];
  const roots = rootResult?.data?.items;

  const children = useMemo(() => {
    const map = new Map<number, OrgList>();
    opened.forEach((id, i) => {
      const data = results[i + 1]?.data;
      if (data) map.set(id, data);
    });
    return map;
  }, [opened, results]);

  const loadLevel = useCallback(
    async (parentId: number) => {
      await queryClient.ensureQueryData(levelQuery(parentId));
      setOpened((list) => (list.includes(parentId) ? list : [...list, parentId]));
    },
    [queryClient],
  );

  const reveal = useCallback(
    async (id: number) => {
      const [org, top] = await Promise.all([fetchOrg(id), queryClient.ensureQueryData(levelQuery(null))]);
      const rootIds = new Set(top.items.map((o) => o.id));
      const path = [...org.ancestorIds, org.id];
      // Ancestors above my scope are not in the tree: start at the first one that is a root of it.
      const start = path.findIndex((a) => rootIds.has(a));
      if (start < 0) return null;
      const toOpen = path.slice(start, -1);
      await Promise.all(toOpen.map((a) => queryClient.ensureQueryData(levelQuery(a))));
      setOpened((list) => [...list, ...toOpen.filter((a) => !list.includes(a))]);
      return toOpen;
    },
    [queryClient],
  );

  return { roots, rootsLoading: rootResult?.isPending ?? true, children, loadLevel, reveal };
}
