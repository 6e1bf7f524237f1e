import type { Role } from '@tongxing/contracts';
import { violatesDutySeparation } from '@tongxing/domain';
import { Alert, App, Button, Drawer, Form, Input, Space, Switch } from 'antd';
import type { FormRule } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../shared/use-api-error';
import { useCreateRole, usePatchRole, type GrantInput, type RoleInput } from '../roles-api';
import { GrantsEditor } from './grants-editor';

type Values = RoleInput;

/** `copyOf` starts a new role from an existing one (the way to adapt a built-in role). */
export type RoleFormTarget = { mode: 'create'; copyOf?: Role } | { mode: 'edit'; role: Role };

export function RoleFormDrawer({ target, onClose }: { target: RoleFormTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateRole();
  const patch = usePatchRole();
  const showError = useApiError();
  const { message } = App.useApp();
  const grants = (Form.useWatch('grants', form) as GrantInput[] | undefined) ?? [];
  const dutyConflict = violatesDutySeparation(grants.map((g) => g?.permission).filter((p): p is string => !!p));

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    const source = target.mode === 'edit' ? target.role : target.copyOf;
    if (source) {
      const copying = target.mode === 'create';
      form.setFieldsValue({
        code: copying ? `${source.code}_copy`.slice(0, 40) : source.code,
        name: copying ? `${source.name}${t('roles.copySuffix')}`.slice(0, 40) : source.name,
        nameEn: source.nameEn ? (copying ? `${source.nameEn} (copy)`.slice(0, 60) : source.nameEn) : '',
        description: source.description ?? '',
        requiresMfa: source.requiresMfa,
        grants: source.grants.map((g) => ({ permission: g.permission, scope: g.scope, unitIds: g.unitIds })),
      });
    } else {
      form.setFieldsValue({ requiresMfa: false, grants: [] });
    }
  }, [target, form, t]);

  const submit = (v: Values) => {
    const body = {
      name: v.name.trim(),
      nameEn: v.nameEn?.trim() || undefined,
      description: v.description?.trim() || undefined,
      requiresMfa: v.requiresMfa,
      grants: (v.grants ?? []).map((g) => ({ permission: g.permission, scope: g.scope, unitIds: g.scope === 'units' ? (g.unitIds ?? []) : [] })),
    };
    const onError = (err: unknown) => showError(err, form);
    if (target?.mode === 'edit') {
      patch.mutate({ id: target.role.id, patch: body }, { onSuccess: () => { void message.success(t('common.saved')); onClose(); }, onError });
    } else {
      create.mutate({ ...body, code: v.code.trim() }, { onSuccess: () => { void message.success(t('roles.created')); onClose(); }, onError });
    }
  };

  const req = (field: string): FormRule => ({ required: true, whitespace: true, message: t('common.required', { field }) });
  const editing = target?.mode === 'edit';

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={880}
      forceRender
      title={target?.mode === 'edit' ? t('roles.editTitle', { name: target.role.name }) : t('roles.createTitle')}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={() => form.submit()} loading={create.isPending || patch.isPending}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Space size={16} align="start" wrap>
          <Form.Item name="code" label={t('roles.code')} extra={editing ? undefined : t('roles.codeHint')} rules={editing ? [] : [req(t('roles.code')), { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('roles.codeFormat') }]} style={{ width: 260 }}>
            <Input disabled={editing} className="tx-mono" maxLength={40} />
          </Form.Item>
          <Form.Item name="name" label={t('roles.name')} rules={[req(t('roles.name')), { max: 40 }]} style={{ width: 240 }}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('roles.nameEn')} rules={[{ max: 60 }]} style={{ width: 240 }}>
            <Input maxLength={60} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('roles.description')} rules={[{ max: 200 }]}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
        <Form.Item name="requiresMfa" label={t('roles.requiresMfa')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item label={t('roles.grants')} required>
          {dutyConflict && <Alert type="warning" showIcon title={t('roles.dutyWarning')} style={{ marginBottom: 8 }} />}
          <GrantsEditor form={form} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
