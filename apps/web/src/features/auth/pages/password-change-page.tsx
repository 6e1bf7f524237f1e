import { App, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../auth-api';
import { AuthFrame } from '../components/auth-frame';
import { PasswordChangeForm } from '../components/password-change-form';

export function PasswordChangePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { message } = App.useApp();
  // On success the new session (state full) is already in the cache; the guard moves on by itself.
  return (
    <AuthFrame title={t('auth.passwordTitle')} orgName={me.org.name}>
      <Typography.Paragraph type="secondary">{t('auth.passwordIntro')}</Typography.Paragraph>
      <PasswordChangeForm username={me.username} onChanged={() => void message.success(t('auth.passwordChanged'))} />
    </AuthFrame>
  );
}
