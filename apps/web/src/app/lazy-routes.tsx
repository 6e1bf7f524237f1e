import type { ComponentType } from 'react';

/**
 * Console pages are loaded on first visit, and so is everything they need: the router itself holds only
 * these loaders, so the entry chunk stays free of antd and the member portal (/m) never downloads it.
 */
export function page(load: () => Promise<ComponentType>) {
  return async () => ({ Component: await load() });
}

/** A console page behind the permission it needs (the guard, which uses antd, loads with the page). */
export function guarded(permission: string, load: () => Promise<ComponentType>) {
  return async () => {
    const [Page, { RequirePermission }] = await Promise.all([load(), import('./guards')]);
    return {
      Component: function Guarded() {
        return (
          <RequirePermission permission={permission}>
            <Page />
          </RequirePermission>
        );
      },
    };
  };
}
