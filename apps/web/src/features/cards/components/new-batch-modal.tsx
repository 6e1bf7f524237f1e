import type { MemberListItem } from '@tongxing/contracts';
import { Alert, App, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../shared/api-client';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { OrgTreeSelect } from '../../orgs/components/org-tree-select';
import { useCardProgrammes, useCreateCardBatch, type CardBatchCreated } from '../cards-api';

interface Values {
  orgId?: number;
  mode: 'all' | 'chosen';
  memberIds?: number[];
  programmeId?: number;
  bankOrgId?: number;
  note?: string;
}

/** Members of the unit's subtree by name, pinyin or ID digits: the union picks whom to apply for. */
function MemberSearch({ orgId, value, onChange }: { orgId: number | undefined; value?: number[]; onChange?: (v: number[]) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['cards', 'member-search', orgId ?? 0, q],
    queryFn: ({ signal }) => api.get<{ items: MemberListItem[] }>('/members', { q, ...(orgId ? { orgId } : {}), status: 'active', page: 1, pageSize: 20 }, signal),
    enabled: q.length > 0,
  });
  const [known, setKnown] = useState<Map<number, string>>(new Map());
  const options = (found.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name}（${m.idNumberMasked}）` }));
  return (
    <Select<number[]>
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: (v) => setQ(v.trim()) }}
      value={value ?? []}
      onChange={(ids, opts) => {
        const next = new Map(known);
        for (const o of [opts].flat()) if (o && 'value' in o && typeof o.value === 'number') next.set(o.value, String(o.label));
        setKnown(next);
        onChange?.(ids);
      }}
      options={[...options, ...[...known].filter(([id]) => !options.some((o) => o.value === id)).map(([id, label]) => ({ value: id, label }))]}
      placeholder={t('cards.batches.searchMembers')}
      loading={found.isFetching}
      notFoundContent={q ? t('cards.batches.noMembers') : t('cards.batches.typeToSearch')}
      data-testid="batch-members"
    />
  );
}

/** 新建批量申请: all active members of a unit without a card, or chosen ones; skipped members are listed after. */
export function NewBatchModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (b: CardBatchCreated) => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const programmes = useCardProgrammes(open);
  const create = useCreateCardBatch();
  const mode = Form.useWatch('mode', form);
  const orgId = Form.useWatch('orgId', form);
  const programmeId = Form.useWatch('programmeId', form);
  const active = (programmes.data?.items ?? []).filter((p) => p.status === 'active');
  const programme = active.find((p) => p.id === programmeId) ?? (active.length === 1 ? active[0] : undefined);

  const submit = async () => {
    const v = await form.validateFields();
    create.mutate(
      {
        ...(v.orgId ? { orgId: v.orgId } : {}),
        ...(v.mode === 'all' ? { allWithoutCard: true as const } : { memberIds: v.memberIds ?? [] }),
        ...(programme ? { programmeId: programme.id } : {}),
        ...(v.bankOrgId ? { bankOrgId: v.bankOrgId } : {}),
        ...(v.note ? { note: v.note } : {}),
      },
      {
        onSuccess: (b) => {
          void message.success(t('cards.batches.created', { count: b.cardCount }));
          form.resetFields();
          onCreated(b);
        },
        onError: (err) => showError(err, form),
      },
    );
  };

  return (
    <Modal open={open} title={t('cards.batches.new')} onCancel={onClose} onOk={() => void submit()} confirmLoading={create.isPending} okText={t('cards.batches.submit')} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ mode: 'all' }} requiredMark={false}>
        {hasPermission(me, 'org:read') && (
          <Form.Item name="orgId" label={t('cards.batches.unit')} extra={t('cards.batches.unitHint', { name: me.org.name })}>
            <OrgTreeSelect placeholder={me.org.name} allowClear />
          </Form.Item>
        )}
        <Form.Item name="mode" label={t('cards.batches.whom')}>
          <Radio.Group>
            <Space orientation="vertical">
              <Radio value="all" data-testid="batch-mode-all">
                {t('cards.batches.allWithoutCard')}
              </Radio>
              <Radio value="chosen">{t('cards.batches.chosen')}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {mode === 'chosen' && (
          <Form.Item name="memberIds" label={t('cards.batches.members')} rules={[{ required: true, type: 'array', min: 1, message: t('common.selectRequired', { field: t('cards.batches.members') }) }]}>
            <MemberSearch orgId={orgId} />
          </Form.Item>
        )}
        {active.length > 1 && (
          <Form.Item name="programmeId" label={t('cards.batches.programme')} rules={[{ required: true, message: t('common.selectRequired', { field: t('cards.batches.programme') }) }]}>
            <Select options={active.map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
        )}
        {programme && programme.banks.length > 1 && (
          <Form.Item name="bankOrgId" label={t('cards.batches.bank')} rules={[{ required: true, message: t('common.selectRequired', { field: t('cards.batches.bank') }) }]}>
            <Select options={programme.banks.map((b) => ({ value: b.orgId, label: b.name }))} />
          </Form.Item>
        )}
        {programme && programme.banks.length === 1 && (
          <Typography.Paragraph type="secondary">{t('cards.batches.bankIs', { bank: programme.banks[0]!.name, programme: programme.name })}</Typography.Paragraph>
        )}
        <Form.Item name="note" label={t('cards.batches.note')}>
          <Input.TextArea rows={2} maxLength={300} showCount />
        </Form.Item>
        <Alert type="info" showIcon title={t('cards.batches.skipHint')} />
      </Form>
    </Modal>
  );
}
