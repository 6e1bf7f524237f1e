import type { User } from '@tongxing/contracts';
import { App, Form, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../shared/use-api-error';
import { useRoles } from '../../roles/roles-api';
import { useSetUserRoles } from '../users-api';

/** Role assignment on its own (`PUT /users/:id/roles`): what a security administrator does, who edits nothing else. */
export function UserRolesModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ roleIds: number[] }>();
  const roles = useRoles();
  const setRoles = useSetUserRoles();
  const showError = useApiError();
  const { message } = App.useApp();

  useEffect(() => {
    if (user) form.setFieldsValue({ roleIds: user.roles.map((r) => r.id) });
  }, [user, form]);

  const options = (roles.data?.items ?? []).map((r) => ({ value: r.id, label: i18n.language === 'en' ? (r.nameEn ?? r.name) : r.name }));
  return (
    <Modal
      open={user !== null}
      title={user ? t('users.rolesTitle', { name: user.displayName }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={setRoles.isPending}
      forceRender
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          user &&
          setRoles.mutate(
            { id: user.id, roleIds: v.roleIds ?? [] },
            { onSuccess: () => { void message.success(t('common.saved')); onClose(); }, onError: (e) => showError(e, form) },
          )
        }
      >
        <Form.Item name="roleIds" label={t('users.roles')} extra={t('users.rolesHint')}>
          <Select mode="multiple" options={options} loading={roles.isLoading} showSearch={{ optionFilterProp: 'label' }} data-testid="user-roles-select" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
