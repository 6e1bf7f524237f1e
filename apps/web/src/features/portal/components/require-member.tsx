import { DotLoading } from 'antd-mobile';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { usePortalMe } from '../portal-api';

/** Member pages: a signed-in member, or off to the portal's own sign-in (keeping where the member was going). */
export function RequireMember({ children }: { children: ReactNode }) {
  const { data: me, isPending } = usePortalMe();
  const location = useLocation();
  if (isPending) {
    return (
      <div style={{ paddingTop: '40vh', textAlign: 'center', color: '#c8161d', fontSize: 24 }}>
        <DotLoading color="primary" />
      </div>
    );
  }
  if (!me) return <Navigate to="/m/login" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}
