import { Button, Form, Input, NoticeBar } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { ProblemError } from '../../../shared/api-client';
import { useSystemInfo } from '../../../shared/system-info';
import { PhoneItem } from '../components/form-items';
import { PortalHero } from '../components/portal-page';
import { useMemberLogin, usePortalMe } from '../portal-api';
import { usePortalError } from '../portal-errors';

/** /m/login: mobile number and password; first sign-in and forgotten passwords go by SMS code. */
export function PortalLoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const info = useSystemInfo();
  const { data: me } = usePortalMe();
  const login = useMemberLogin();
  const showError = usePortalError();
  const [form] = Form.useForm<{ phone: string; password: string }>();
  const [notice, setNotice] = useState<string | null>(null);
  const from = (location.state as { from?: string } | null)?.from;

  useEffect(() => {
    if (me) void navigate(from?.startsWith('/m') ? from : '/m', { replace: true });
  }, [me, from, navigate]);

  const submit = (v: { phone: string; password: string }) => {
    setNotice(null);
    login.mutate(
      { phone: v.phone.trim(), password: v.password },
      {
        onError: (err) => {
          if (err instanceof ProblemError && (err.is('MEMBER_LOGIN_FAILED') || err.is('ACCOUNT_LOCKED'))) setNotice(err.title);
          else showError(err, form);
        },
      },
    );
  };

  return (
    <>
      <PortalHero federation={info.data?.federation?.name ?? t('app.defaultOrg')} title={t('portal.login.welcome')} subtitle={t('portal.login.hint')} />
      <div className="tx-m-raised">
        <div className="tx-m-form-card">
          {notice && (
            <NoticeBar content={notice} color="error" wrap style={{ margin: '4px 12px 0', borderRadius: 6 }} data-testid="m-login-notice" />
          )}
          <Form
            form={form}
            layout="vertical"
            onFinish={submit}
            footer={
              <Button block type="submit" color="primary" size="large" loading={login.isPending} data-testid="m-login-submit">
                {t('portal.login.submit')}
              </Button>
            }
          >
            <PhoneItem />
            <Form.Item name="password" label={t('portal.field.password')} rules={[{ required: true, message: t('portal.check.required', { field: t('portal.field.password') }) }]}>
              <Input type="password" autoComplete="current-password" placeholder={t('portal.field.passwordPlaceholder')} data-testid="m-password" />
            </Form.Item>
          </Form>
          <div className="tx-m-links" style={{ padding: '0 16px' }}>
            <Link to="/m/set-password?mode=first_login">{t('portal.login.firstLogin')}</Link>
            <Link to="/m/set-password?mode=reset">{t('portal.login.forgot')}</Link>
          </div>
        </div>
        <div className="tx-m-center-links">
          <div>
            <Link to="/m/join" data-testid="m-to-join">{t('portal.login.join')}</Link>
          </div>
          <div>
            <Link to="/m/join/status">{t('portal.login.status')}</Link>
          </div>
        </div>
      </div>
    </>
  );
}
