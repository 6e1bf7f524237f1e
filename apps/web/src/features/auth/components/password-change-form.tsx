import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../shared/use-api-error';
import { useChangePassword } from '../auth-api';
import { usePasswordPolicyRule } from '../password-rule';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Used by the forced change page and by the profile; the server replaces the session cookie on success. */
export function PasswordChangeForm({ username, onChanged }: { username: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const showError = useApiError();
  const policyRule = usePasswordPolicyRule(() => username);

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(v) =>
        change.mutate(
          { currentPassword: v.currentPassword, newPassword: v.newPassword },
          {
            onSuccess: () => {
              form.resetFields();
              onChanged();
            },
            onError: (err) => showError(err, form),
          },
        )
      }
    >
      <Alert type="info" showIcon title={t('auth.policyHint')} style={{ marginBottom: 16 }} />
      <Form.Item name="currentPassword" label={t('auth.currentPassword')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('auth.newPassword')}
        rules={[
          { required: true, message: t('auth.passwordRequired') },
          policyRule,
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('auth.confirmPassword')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('auth.passwordRequired') },
          ({ getFieldValue }) => ({
            validator: async (_rule, value: string | undefined) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error(t('auth.passwordMismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending}>
        {t('auth.changePassword')}
      </Button>
    </Form>
  );
}
