import type { User } from '@tongxing/contracts';
import { App, Alert, Form, Input, Modal, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../shared/use-api-error';
import { usePasswordPolicyRule } from '../../auth/password-rule';
import { useResetPassword } from '../users-api';

export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ newPassword: string; mustChangePassword: boolean }>();
  const reset = useResetPassword();
  const showError = useApiError();
  const { message } = App.useApp();
  const policyRule = usePasswordPolicyRule(() => user?.username);

  useEffect(() => {
    if (user) form.setFieldsValue({ newPassword: '', mustChangePassword: true });
  }, [user, form]);

  return (
    <Modal
      open={user !== null}
      title={user ? t('users.resetPasswordTitle', { name: user.displayName }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={reset.isPending}
      forceRender
    >
      <Alert type="warning" showIcon title={t('users.resetPasswordHint')} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          user &&
          reset.mutate(
            { id: user.id, newPassword: v.newPassword, mustChangePassword: v.mustChangePassword },
            { onSuccess: () => { void message.success(t('users.passwordReset')); onClose(); }, onError: (e) => showError(e, form) },
          )
        }
      >
        <Form.Item name="newPassword" label={t('auth.newPassword')} extra={t('auth.policyHint')} rules={[{ required: true, message: t('auth.passwordRequired') }, policyRule]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="mustChangePassword" label={t('users.mustChange')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
