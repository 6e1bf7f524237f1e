import { Outlet } from 'react-router';
import { AntdProviders } from './antd-providers';
import { RequireSession } from './guards';
import { AppLayout } from './layout/app-layout';
import { SessionBridge } from './session-bridge';

/** The staff console's frame: antd, the session bridge, then its pages (loaded with the console, never by the portal). */
export function ConsoleRoot() {
  return (
    <AntdProviders>
      <SessionBridge />
      <Outlet />
    </AntdProviders>
  );
}

/** The signed-in console: the layout with the menu around the page. */
export function ConsoleLayout() {
  return (
    <RequireSession>
      <AppLayout />
    </RequireSession>
  );
}
