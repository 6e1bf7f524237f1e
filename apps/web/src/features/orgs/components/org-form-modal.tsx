import type { Org, OrgCreate, OrgPatch } from '@tongxing/contracts';
import { fieldMessages } from '@tongxing/contracts';
import { GRASSROOTS_USCC_PREFIX, canSitUnder, isValidUscc, normaliseUscc, orgKinds, type OrgKind } from '@tongxing/domain';
import { App, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLabel } from '../../../shared/i18n';
import { useApiError } from '../../../shared/use-api-error';
import { useCreateOrg, usePatchOrg } from '../orgs-api';
import { useKindLabel } from './org-kind-tag';

interface Values {
  name: string;
  shortName?: string;
  kind: OrgKind;
  divisionCode?: string;
  creditCode?: string;
  contactName?: string;
  contactPhone?: string;
  address?: string;
  sortOrder?: number | null;
}

export type OrgFormMode = { mode: 'create'; parent: Org | null } | { mode: 'edit'; org: Org };

/** Kinds a new unit may have under this parent (null: a top-level unit, i.e. a partner organisation). */
export function childKinds(parent: Org | null): OrgKind[] {
  return orgKinds.filter((kind) => canSitUnder(kind, parent?.kind ?? null).ok && (parent !== null || kind !== 'city_federation'));
}

const blankToNull = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());

export function OrgFormModal({ target, onClose, onSaved }: { target: OrgFormMode | null; onClose: () => void; onSaved: (org: Org) => void }) {
  const { t, i18n } = useTranslation();
  const kindLabel = useKindLabel();
  const [form] = Form.useForm<Values>();
  const create = useCreateOrg();
  const patch = usePatchOrg();
  const showError = useApiError();
  const { message } = App.useApp();
  const kinds = target?.mode === 'create' ? childKinds(target.parent) : [];

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    if (target.mode === 'edit') {
      const o = target.org;
      form.setFieldsValue({
        name: o.name,
        shortName: o.shortName ?? '',
        kind: o.kind,
        divisionCode: o.divisionCode ?? '',
        creditCode: o.creditCode ?? '',
        contactName: o.contactName ?? '',
        contactPhone: o.contactPhone ?? '',
        address: o.address ?? '',
        sortOrder: o.sortOrder,
      });
    } else {
      const only = childKinds(target.parent);
      if (only.length === 1 && only[0]) form.setFieldsValue({ kind: only[0] });
    }
  }, [target, form]);

  const fieldMessage = (key: keyof typeof fieldMessages) => pickLabel(fieldMessages[key], i18n.language);
  const usccRule: Rule = ({ getFieldValue }) => ({
    validator: async (_r, raw: string | undefined) => {
      if (!raw || raw.trim() === '') return;
      const code = normaliseUscc(raw);
      if (!isValidUscc(code)) throw new Error(fieldMessage('uscc.invalid'));
      const kind = (getFieldValue('kind') as OrgKind | undefined) ?? (target?.mode === 'edit' ? target.org.kind : undefined);
      if (kind === 'grassroots_union' && !code.startsWith(GRASSROOTS_USCC_PREFIX)) throw new Error(fieldMessage('uscc.grassroots81'));
    },
  });

  const submit = (v: Values) => {
    const common = {
      divisionCode: blankToNull(v.divisionCode),
      creditCode: v.creditCode && v.creditCode.trim() ? normaliseUscc(v.creditCode) : null,
      contactPhone: blankToNull(v.contactPhone),
      ...(typeof v.sortOrder === 'number' ? { sortOrder: v.sortOrder } : {}),
    };
    const done = (org: Org) => {
      void message.success(t('common.saved'));
      onSaved(org);
    };
    const onError = (err: unknown) => showError(err, form);
    if (target?.mode === 'create') {
      const body: OrgCreate = {
        ...common,
        name: v.name.trim(),
        kind: v.kind,
        parentId: target.parent?.id ?? null,
        shortName: v.shortName?.trim() || undefined,
        contactName: v.contactName?.trim() || undefined,
        address: v.address?.trim() || undefined,
      };
      create.mutate(body, { onSuccess: done, onError });
    } else if (target?.mode === 'edit') {
      const body: OrgPatch = {
        ...common,
        name: v.name.trim(),
        shortName: blankToNull(v.shortName),
        contactName: blankToNull(v.contactName),
        address: blankToNull(v.address),
      };
      patch.mutate({ id: target.org.id, patch: body }, { onSuccess: done, onError });
    }
  };

  const title =
    target?.mode === 'edit'
      ? t('orgs.editTitle', { name: target.org.name })
      : target?.parent
        ? t('orgs.createChildTitle', { name: target.parent.name })
        : t('orgs.createTopTitle');
  const req = (field: string): Rule => ({ required: true, whitespace: true, message: t('common.required', { field }) });

  return (
    <Modal
      open={target !== null}
      title={title}
      width={720}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={create.isPending || patch.isPending}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark>
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item name="name" label={t('orgs.name')} rules={[req(t('orgs.name')), { max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="shortName" label={t('orgs.shortName')} rules={[{ max: 40 }]}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="kind" label={t('orgs.kind')} rules={[{ required: true, message: t('common.selectRequired', { field: t('orgs.kind') }) }]}>
              <Select
                disabled={target?.mode === 'edit'}
                options={(target?.mode === 'edit' ? [target.org.kind] : kinds).map((k) => ({ value: k, label: kindLabel(k) }))}
                onChange={() => void form.validateFields(['creditCode']).catch(() => undefined)}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="divisionCode" label={t('orgs.divisionCode')} rules={[{ pattern: /^\s*(\d{6})?\s*$/, message: fieldMessage('division.invalid') }]}>
              <Input maxLength={6} placeholder="320400" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="creditCode" label={t('orgs.creditCode')} extra={t('orgs.creditCodeHint')} rules={[usccRule]} dependencies={['kind']}>
              <Input maxLength={18} className="tx-mono" style={{ textTransform: 'uppercase' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="contactName" label={t('orgs.contactName')} rules={[{ max: 40 }]}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="contactPhone" label={t('orgs.contactPhone')} rules={[{ pattern: /^\s*([0-9+\-() ]{5,20})?\s*$/, message: fieldMessage('phone.invalid') }]}>
              <Input maxLength={20} placeholder="0519-86601234" />
            </Form.Item>
          </Col>
          <Col span={18}>
            <Form.Item name="address" label={t('orgs.address')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="sortOrder" label={t('orgs.sortOrder')}>
              <InputNumber min={0} max={100000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
