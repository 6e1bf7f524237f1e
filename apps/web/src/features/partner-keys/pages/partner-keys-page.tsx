import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTimeShort, formatNumber, orDash } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { useOrgList } from '../../orgs/orgs-api';
import { useCreatePartnerKey, usePartnerKeys, useRevokePartnerKey, type PartnerKey, type PartnerKeyCreated, type PartnerKeyParams } from '../partner-keys-api';

/** A bank or merchant unit, found by name. */
function PartnerSelect({ value, onChange }: { value?: number; onChange?: (v: number) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const orgs = useOrgList({ kind: ['bank', 'merchant'], status: 'active', pageSize: 50, ...(q ? { q } : {}) });
  return (
    <Select<number>
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: (v) => setQ(v.trim()) }}
      loading={orgs.isFetching}
      options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: `${o.name}（${t(`partnerKeys.kind.${o.kind}`, { defaultValue: o.kind })}）` }))}
      placeholder={t('partnerKeys.partnerPlaceholder')}
      data-testid="partner-key-org"
    />
  );
}

/** 接口密钥: the banks' and merchants' keys for signing partner API requests; a secret is shown once, at creation. */
export function PartnerKeysPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [params, setParams] = useState<PartnerKeyParams>({ page: 1, pageSize: 20 });
  const { data, isFetching } = usePartnerKeys(params);
  const create = useCreatePartnerKey();
  const revoke = useRevokePartnerKey();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<PartnerKeyCreated | null>(null);
  const [form] = Form.useForm<{ orgId: number; label?: string; expiresAt?: Dayjs }>();
  const n = (v: number) => formatNumber(v, i18n.language);

  const submit = async () => {
    const v = await form.validateFields();
    create.mutate(
      { orgId: v.orgId, ...(v.label ? { label: v.label } : {}), ...(v.expiresAt ? { expiresAt: v.expiresAt.endOf('day').toISOString() } : {}) },
      {
        onSuccess: (k) => {
          setCreating(false);
          form.resetFields();
          setCreated(k);
        },
        onError: (e) => showError(e, form),
      },
    );
  };

  const columns: TableColumnsType<PartnerKey> = [
    { title: t('partnerKeys.keyId'), dataIndex: 'keyId', width: 200, render: (v: string) => <Typography.Text code copyable>{v}</Typography.Text> },
    {
      title: t('partnerKeys.partner'),
      key: 'org',
      width: 280,
      render: (_v, k) => (
        <Space size={6}>
          <Tag color={k.orgKind === 'bank' ? 'blue' : 'orange'}>{t(`partnerKeys.kind.${k.orgKind}`, { defaultValue: k.orgKind })}</Tag>
          {k.orgName}
        </Space>
      ),
    },
    { title: t('partnerKeys.label'), dataIndex: 'label', render: orDash },
    {
      title: t('common.status'),
      key: 'status',
      width: 100,
      render: (_v, k) => (k.status === 'revoked' ? <Tag>{t('partnerKeys.revoked')}</Tag> : k.usable ? <Tag color="green">{t('partnerKeys.active')}</Tag> : <Tag color="orange">{t('partnerKeys.expired')}</Tag>),
    },
    { title: t('partnerKeys.expiresAt'), dataIndex: 'expiresAt', width: 140, render: (v: string | null) => (v ? formatDateTimeShort(v) : t('partnerKeys.never')) },
    { title: t('partnerKeys.lastUsedAt'), dataIndex: 'lastUsedAt', width: 140, render: (v: string | null) => (v ? formatDateTimeShort(v) : '—') },
    { title: t('partnerKeys.createdBy'), key: 'c', width: 180, render: (_v, k) => [k.createdByName, formatDateTimeShort(k.createdAt).slice(0, 10)].filter(Boolean).join(' · ') },
    {
      title: t('common.actions'),
      key: 'a',
      width: 90,
      render: (_v, k) =>
        k.status === 'active' ? (
          <Popconfirm
            title={t('partnerKeys.revokeConfirm', { keyId: k.keyId })}
            description={t('partnerKeys.revokeHint')}
            okText={t('partnerKeys.revoke')}
            okButtonProps={{ danger: true }}
            onConfirm={() => revoke.mutateAsync(k.id).then(() => void message.success(t('partnerKeys.revokedDone')), (e: unknown) => showError(e))}
          >
            <Button size="small" danger type="link" data-testid="partner-key-revoke">
              {t('partnerKeys.revoke')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('partnerKeys.title')}</h2>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="partner-key-new">
          {t('partnerKeys.new')}
        </Button>
      </div>
      <Alert type="info" showIcon title={t('partnerKeys.intro')} style={{ marginBottom: 12 }} />
      <Card size="small">
        <Space style={{ marginBottom: 12 }}>
          <Select<'active' | 'revoked'>
            allowClear
            placeholder={t('common.status')}
            value={params.status}
            onChange={(status) => setParams((p) => ({ ...p, page: 1, status }))}
            options={[
              { value: 'active', label: t('partnerKeys.active') },
              { value: 'revoked', label: t('partnerKeys.revoked') },
            ]}
            style={{ width: 120 }}
          />
        </Space>
        <Table<PartnerKey>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          scroll={{ x: 1200 }}
          locale={{ emptyText: t('partnerKeys.none') }}
          pagination={{ current: params.page, pageSize: params.pageSize, total: data?.total ?? 0, showTotal: (total) => t('common.total', { total: n(total) }), onChange: (page, pageSize) => setParams((p) => ({ ...p, page, pageSize })) }}
          data-testid="partner-keys-table"
        />
      </Card>
      <Modal open={creating} title={t('partnerKeys.new')} onCancel={() => setCreating(false)} onOk={() => void submit()} confirmLoading={create.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" requiredMark={false}>
          <Form.Item name="orgId" label={t('partnerKeys.partner')} rules={[{ required: true, message: t('common.selectRequired', { field: t('partnerKeys.partner') }) }]} extra={t('partnerKeys.rotationHint')}>
            <PartnerSelect />
          </Form.Item>
          <Form.Item name="label" label={t('partnerKeys.label')}>
            <Input maxLength={60} placeholder={t('partnerKeys.labelPlaceholder')} />
          </Form.Item>
          <Form.Item name="expiresAt" label={t('partnerKeys.expiresAt')}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} placeholder={t('partnerKeys.never')} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!created}
        title={
          <Space>
            <KeyOutlined />
            {t('partnerKeys.createdTitle')}
          </Space>
        }
        closable={false}
        maskClosable={false}
        footer={
          <Button type="primary" onClick={() => setCreated(null)} data-testid="partner-key-done">
            {t('partnerKeys.saved')}
          </Button>
        }
      >
        {created && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert type="warning" showIcon title={t('partnerKeys.once')} />
            <div>
              <div className="tx-muted">{t('partnerKeys.keyId')}</div>
              <Typography.Paragraph copyable code style={{ fontSize: 15 }}>
                {created.keyId}
              </Typography.Paragraph>
            </div>
            <div>
              <div className="tx-muted">{t('partnerKeys.secret')}</div>
              <Typography.Paragraph copyable code style={{ fontSize: 15, wordBreak: 'break-all' }} data-testid="partner-key-secret">
                {created.secret}
              </Typography.Paragraph>
            </div>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('partnerKeys.howToSign')}
            </Typography.Paragraph>
          </Space>
        )}
      </Modal>
    </>
  );
}
