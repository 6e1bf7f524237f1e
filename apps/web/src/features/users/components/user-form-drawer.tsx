import type { User } from '@tongxing/contracts';
import { fieldMessages } from '@tongxing/contracts';
import { App, Button, Checkbox, Drawer, Form, Input, Select, Space, Switch } from 'antd';
import type { FormRule } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLabel } from '../../../shared/i18n';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { usePasswordPolicyRule } from '../../auth/password-rule';
import { OrgTreeSelect } from '../../orgs/components/org-tree-select';
import { useRoles } from '../../roles/roles-api';
import { useCreateUser, usePatchUser, useSetUserRoles } from '../users-api';

interface Values {
  username: string;
  displayName: string;
  orgId: number;
  password: string;
  phone?: string;
  clearPhone?: boolean;
  roleIds: number[];
  mustChangePassword: boolean;
  note?: string;
}

export type UserFormTarget = { mode: 'create'; orgId?: number } | { mode: 'edit'; user: User };

export function UserFormDrawer({ target, onClose }: { target: UserFormTarget | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const showError = useApiError();
  const create = useCreateUser();
  const patch = usePatchUser();
  const setRoles = useSetUserRoles();
  const roles = useRoles();
  const canGrant = hasPermission(me, 'user:grant');
  const canReadRoles = hasPermission(me, 'role:read');
  const policyRule = usePasswordPolicyRule(() => form.getFieldValue('username') as string | undefined);
  const editing = target?.mode === 'edit' ? target.user : null;

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    if (target.mode === 'edit') {
      const u = target.user;
      form.setFieldsValue({ username: u.username, displayName: u.displayName, orgId: u.orgId, roleIds: u.roles.map((r) => r.id) });
    } else {
      form.setFieldsValue({ mustChangePassword: true, roleIds: [], ...(target.orgId ? { orgId: target.orgId } : {}) });
    }
  }, [target, form]);

  const submit = (v: Values) => {
    const onError = (err: unknown) => showError(err, form);
    if (!target) return;
    if (target.mode === 'create') {
      create.mutate(
        {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          orgId: v.orgId,
          password: v.password,
          ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
          roleIds: canGrant ? (v.roleIds ?? []) : [],
          mustChangePassword: v.mustChangePassword,
        },
        { onSuccess: () => { void message.success(t('users.created')); onClose(); }, onError },
      );
    } else {
      const u = target.user;
      const roleIds = v.roleIds ?? [];
      const rolesChanged = canGrant && [...roleIds].sort().join(',') !== u.roles.map((r) => r.id).sort().join(',');
      const saved = () => {
        void message.success(t('common.saved'));
        onClose();
      };
      patch.mutate(
        {
          id: u.id,
          patch: {
            displayName: v.displayName.trim(),
            ...(v.orgId !== u.orgId ? { orgId: v.orgId } : {}),
            ...(v.clearPhone ? { phone: null } : v.phone?.trim() ? { phone: v.phone.trim() } : {}),
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          },
        },
        { onSuccess: () => (rolesChanged ? setRoles.mutate({ id: u.id, roleIds }, { onSuccess: saved, onError }) : saved()), onError },
      );
    }
  };

  const req = (field: string): FormRule => ({ required: true, whitespace: true, message: t('common.required', { field }) });
  const roleOptions = (roles.data?.items ?? []).map((r) => ({ value: r.id, label: i18n.language === 'en' ? (r.nameEn ?? r.name) : r.name }));

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={520}
      title={editing ? t('users.editTitle', { name: editing.displayName }) : t('users.createTitle')}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={() => form.submit()} loading={create.isPending || patch.isPending || setRoles.isPending} data-testid="user-form-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="username" label={t('users.username')} rules={editing ? [] : [req(t('users.username')), { pattern: /^[A-Za-z][A-Za-z0-9._-]{2,31}$/, message: pickLabel(fieldMessages['username.format'], i18n.language) }]}>
          <Input disabled={!!editing} maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[req(t('users.displayName')), { max: 40 }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="orgId" label={t('users.org')} rules={[{ required: true, message: t('common.selectRequired', { field: t('users.org') }) }]}>
          <OrgTreeSelect style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
        {!editing && (
          <>
            <Form.Item name="password" label={t('users.initialPassword')} extra={t('auth.policyHint')} rules={[req(t('users.initialPassword')), policyRule]} dependencies={['username']}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item name="mustChangePassword" label={t('users.mustChange')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        )}
        <Form.Item name="phone" label={t('users.phone')} extra={editing?.phoneMasked ? t('users.phoneKeep', { masked: editing.phoneMasked }) : undefined} rules={[{ pattern: /^\s*(1[3-9]\d{9})?\s*$/, message: pickLabel(fieldMessages['phone.invalid'], i18n.language) }]}>
          <Input maxLength={11} inputMode="numeric" />
        </Form.Item>
        {editing?.phoneMasked && (
          <Form.Item name="clearPhone" valuePropName="checked" style={{ marginTop: -8 }}>
            <Checkbox>{t('users.phoneClear')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item
          name="roleIds"
          label={t('users.roles')}
          extra={!canReadRoles ? t('users.rolesNeedRead') : !canGrant ? t('users.rolesNeedGrant') : undefined}
        >
          <Select mode="multiple" options={roleOptions} disabled={!canGrant || !canReadRoles} loading={roles.isLoading} showSearch={{ optionFilterProp: "label" }} />
        </Form.Item>
        {editing && (
          <Form.Item name="note" label={t('users.note')} rules={[{ max: 200 }]}>
            <Input.TextArea rows={2} maxLength={200} placeholder={t('users.notePlaceholder')} />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
