import { Button, Form, Input, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { NewPasswordItems } from '../components/form-items';
import { PortalPage } from '../components/portal-page';
import { useChangeMemberPassword } from '../portal-api';
import { usePortalError } from '../portal-errors';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** /m/password: change the portal password; the other devices are signed out. */
export function PortalPasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const change = useChangeMemberPassword();
  const showError = usePortalError();
  const [form] = Form.useForm<Values>();

  const submit = (v: Values) =>
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          Toast.show({ icon: 'success', content: t('portal.password.done') });
          void navigate('/m', { replace: true });
        },
        onError: (err) => showError(err, form),
      },
    );

  return (
    <PortalPage title={t('portal.password.title')} back="/m">
      <div className="tx-m-card">
        <Form
          form={form}
          layout="horizontal"
          onFinish={submit}
          footer={
            <Button block type="submit" color="primary" size="large" loading={change.isPending}>
              {t('portal.password.submit')}
            </Button>
          }
        >
          <Form.Item name="currentPassword" label={t('portal.field.currentPassword')} rules={[{ required: true, message: t('portal.check.required', { field: t('portal.field.currentPassword') }) }]}>
            <Input type="password" autoComplete="current-password" />
          </Form.Item>
          <NewPasswordItems />
        </Form>
      </div>
    </PortalPage>
  );
}
