import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCurrentUser, useLogout, useRefreshMe } from '../auth-api';
import { AuthFrame } from '../components/auth-frame';
import { TotpEnrolment } from '../components/totp-enrolment';

export function MfaEnrolPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const refreshMe = useRefreshMe();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <AuthFrame title={t('auth.enrolTitle')} wide orgName={me.org.name}>
      {/* /me is read again only after the codes were kept: the guard would otherwise leave this page at once. */}
      <TotpEnrolment required username={me.username} onFinished={() => void refreshMe()} />
      <div style={{ textAlign: 'right', marginTop: 8 }}>
        <Button type="link" size="small" onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })}>
          {t('auth.logoutInstead')}
        </Button>
      </div>
    </AuthFrame>
  );
}
