import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { fieldMessages, permissionCatalog, permissions, scopeKindLabels, scopeKinds } from '@tongxing/contracts';
import { Button, Form, Select, Space } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { pickLabel } from '../../../shared/i18n';
import { OrgTreeSelect } from '../../orgs/components/org-tree-select';
import type { GrantInput } from '../roles-api';

/** One row per permission: which permission, with which data scope, and the units when the scope is "chosen units". */
export function GrantsEditor({ form }: { form: FormInstance }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const grants = (Form.useWatch('grants', form) as GrantInput[] | undefined) ?? [];
  const permissionOptions = permissions.map((p) => ({
    value: p,
    label: `${t(`roles.module.${permissionCatalog[p].module}`)} · ${pickLabel(permissionCatalog[p], lang)}`,
  }));
  const scopeOptions = scopeKinds.map((s) => ({ value: s, label: pickLabel(scopeKindLabels[s], lang) }));

  return (
    <Form.List name="grants">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => {
            const row = grants[field.name];
            const duplicate = !!row?.permission && grants.filter((g) => g?.permission === row.permission).length > 1;
            return (
              <Space key={field.key} align="start" size={8} style={{ display: 'flex', marginBottom: 4 }} wrap>
                <Form.Item
                  name={[field.name, 'permission']}
                  rules={[{ required: true, message: t('common.selectRequired', { field: t('roles.permission') }) }]}
                  validateStatus={duplicate ? 'warning' : undefined}
                  help={duplicate ? t('roles.duplicatePermission') : undefined}
                  style={{ marginBottom: 8 }}
                >
                  <Select options={permissionOptions} style={{ width: 300 }} placeholder={t('roles.permission')} showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
                <Form.Item name={[field.name, 'scope']} rules={[{ required: true, message: t('common.selectRequired', { field: t('roles.scope') }) }]} style={{ marginBottom: 8 }}>
                  <Select options={scopeOptions} style={{ width: 170 }} placeholder={t('roles.scope')} />
                </Form.Item>
                {row?.scope === 'units' && (
                  <Form.Item
                    name={[field.name, 'unitIds']}
                    rules={[{ required: true, type: 'array', min: 1, message: pickLabel(fieldMessages['scope.unitsRequired'], lang) }]}
                    style={{ marginBottom: 8 }}
                  >
                    <OrgTreeSelect multiple placeholder={t('roles.units')} style={{ width: 300 }} />
                  </Form.Item>
                )}
                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
              </Space>
            );
          })}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ scope: 'subtree', unitIds: [] })} block>
            {t('roles.addGrant')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
