import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { hasPermission, signedOutOnPurposeRecently, useMe } from '../features/auth/auth-api';

export interface ReturnState {
  from?: string;
}

export function FullPageSpin() {
  return (
    <div style={{ height: '100vh', display: 'grid', placeItems: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

/** Where a session in a restricted state must go before anything else works. */
function restrictedPath(me: { mfaEnrolmentRequired: boolean; passwordChangeRequired: boolean }): string | null {
  if (me.mfaEnrolmentRequired) return '/mfa-enrol';
  if (me.passwordChangeRequired) return '/change-password';
  return null;
}

/** The console proper: signed in, with a full (unrestricted) session. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { data: me, isPending } = useMe();
  const location = useLocation();
  if (isPending) return <FullPageSpin />;
  if (!me) {
    if (signedOutOnPurposeRecently()) return <Navigate to="/login" replace />;
    const from = location.pathname + location.search;
    return <Navigate to="/login" replace state={{ from } satisfies ReturnState} />;
  }
  // A member's portal session opens nothing in the console: members belong in the portal.
  if (me.kind === 'member') return <Navigate to="/m" replace />;
  const restricted = restrictedPath(me);
  if (restricted) {
    const from = location.pathname + location.search;
    return <Navigate to={restricted} replace state={{ from } satisfies ReturnState} />;
  }
  return <>{children}</>;
}

/** Enrolment and forced password change: only for a session in exactly that state. */
export function RequireRestricted({ state, children }: { state: 'mfa' | 'password'; children: ReactNode }) {
  const { data: me, isPending } = useMe();
  const location = useLocation();
  if (isPending) return <FullPageSpin />;
  if (!me) return <Navigate to="/login" replace />;
  const restricted = restrictedPath(me);
  const wanted = state === 'mfa' ? '/mfa-enrol' : '/change-password';
  if (restricted !== wanted) {
    const from = (location.state as ReturnState | null)?.from;
    return <Navigate to={restricted ?? from ?? '/'} replace />;
  }
  return <>{children}</>;
}

export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { data: me } = useMe();
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (!hasPermission(me, permission)) {
    return (
      <Result
        status="403"
        title={t('layout.forbiddenTitle')}
        subTitle={t('layout.forbiddenText', { permission })}
        extra={
          <Button type="primary" onClick={() => void navigate('/')}>
            {t('layout.backHome')}
          </Button>
        }
      />
    );
  }
  return <>{children}</>;
}

export function NotFoundPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('layout.notFoundTitle')}
      subTitle={t('layout.notFoundText')}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('layout.backHome')}
        </Button>
      }
    />
  );
}
