import { Button, Form, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { NewPasswordItems, OtpCodeItem, PhoneItem } from '../components/form-items';
import { PortalPage } from '../components/portal-page';
import { useSetMemberPassword } from '../portal-api';
import { usePortalError } from '../portal-errors';

interface Values {
  phone: string;
  code: string;
  newPassword: string;
  confirmPassword: string;
}

/** /m/set-password?mode=first_login|reset: proves the phone by SMS code, sets the password, signs the member in. */
export function SetPasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const mode = params.get('mode') === 'reset' ? 'reset' : 'first_login';
  const setPassword = useSetMemberPassword();
  const showError = usePortalError();
  const [form] = Form.useForm<Values>();

  const submit = (v: Values) =>
    setPassword.mutate(
      { phone: v.phone.trim(), code: v.code.trim(), newPassword: v.newPassword },
      {
        onSuccess: () => {
          Toast.show({ icon: 'success', content: t('portal.setPassword.done') });
          void navigate('/m', { replace: true });
        },
        onError: (err) => showError(err, form),
      },
    );

  return (
    <PortalPage title={mode === 'reset' ? t('portal.setPassword.titleReset') : t('portal.setPassword.titleFirst')} back="/m/login">
      <p className="tx-m-hint">{mode === 'reset' ? t('portal.setPassword.hintReset') : t('portal.setPassword.hintFirst')}</p>
      <div className="tx-m-card">
        <Form
          form={form}
          layout="horizontal"
          onFinish={submit}
          footer={
            <Button block type="submit" color="primary" size="large" loading={setPassword.isPending} data-testid="m-set-password-submit">
              {t('portal.setPassword.submit')}
            </Button>
          }
        >
          <PhoneItem />
          <OtpCodeItem form={form} purpose={mode} />
          <NewPasswordItems />
        </Form>
      </div>
    </PortalPage>
  );
}
