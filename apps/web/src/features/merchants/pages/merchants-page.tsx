import { PlusOutlined } from '@ant-design/icons';
import type { MerchantSummary } from '@tongxing/contracts';
import { merchantCategories, merchantStates, type MerchantState } from '@tongxing/domain';
import type { MerchantCategoryCode } from '@tongxing/contracts';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { formatNumber, orDash } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { OrgTreeSelect } from '../../orgs/components/org-tree-select';
import { MerchantDrawer, MerchantStateTag } from '../components/merchant-drawer';
import { MerchantFields, merchantBody, type MerchantFormValues } from '../components/merchant-fields';
import { bps, categoryName } from '../merchant-format';
import { useCreateMerchant, useMerchants, type MerchantListParams } from '../merchants-api';

/** 特约商户: the merchants of my scope with filters; a row opens the merchant; the district reviews there. */
export function MerchantsPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const showError = useApiError();
  const [params, setParams] = useState<MerchantListParams>({ page: 1, pageSize: 20 });
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<MerchantFormValues>();
  const create = useCreateMerchant();
  const { data, isFetching } = useMerchants(params);
  const update = (patch: Partial<MerchantListParams>) => setParams((p) => ({ ...p, page: 1, ...patch }));
  const n = (v: number) => formatNumber(v, i18n.language);
  // A merchant's own operators work in their console.
  if (me.org.kind === 'merchant') return <Navigate to="/merchant-console" replace />;

  const submit = async () => {
    const v = await form.validateFields();
    create.mutate(merchantBody(v), {
      onSuccess: (m) => {
        void message.success(t('merchants.list.created'));
        setCreating(false);
        form.resetFields();
        setOpenId(m.id);
      },
      onError: (e) => showError(e, form),
    });
  };

  const columns: TableColumnsType<MerchantSummary> = [
    {
      title: t('merchants.field.name'),
      key: 'name',
      width: 220,
      fixed: 'left',
      render: (_v, m) => (
        <div>
          <Typography.Link onClick={() => setOpenId(m.id)} data-testid="merchant-open">
            {m.name}
          </Typography.Link>
          <div className="tx-muted tx-mono" style={{ fontSize: 12 }}>
            {orDash(m.creditCode)}
          </div>
        </div>
      ),
    },
    { title: t('merchants.field.category'), dataIndex: 'category', width: 100, render: (c: MerchantCategoryCode) => categoryName(c, i18n.language) },
    { title: t('common.status'), dataIndex: 'state', width: 90, render: (s: MerchantState) => <MerchantStateTag state={s} /> },
    { title: t('merchants.field.org'), key: 'org', width: 190, ellipsis: true, render: (_v, m) => (m.districtName && m.districtName !== m.orgName ? `${m.districtName} · ${m.orgName}` : m.orgName) },
    { title: t('merchants.agreement.discount'), dataIndex: 'discountBps', width: 90, align: 'right', render: (v: number | null) => bps(v) },
    { title: t('merchants.agreement.subsidy'), dataIndex: 'subsidyBps', width: 90, align: 'right', render: (v: number | null) => bps(v) },
    { title: t('merchants.field.address'), dataIndex: 'address', width: 200, ellipsis: true },
    { title: t('merchants.field.contactName'), key: 'contact', width: 150, render: (_v, m) => `${orDash(m.contactName)} ${m.contactPhoneMasked ?? ''}` },
    { title: t('merchants.detail.activatedOn'), dataIndex: 'activatedOn', width: 110, render: orDash },
  ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('merchants.list.title')}</h2>
        {hasPermission(me, 'merchant:review') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="merchant-new">
            {t('merchants.list.new')}
          </Button>
        )}
      </div>
      <Card size="small" className="tx-filter-bar">
        <Space wrap size={[12, 8]}>
          <Input.Search allowClear placeholder={t('merchants.list.q')} onSearch={(q) => update({ q: q.trim() || undefined })} style={{ width: 260 }} data-testid="merchants-search" />
          <Select<MerchantState>
            allowClear
            placeholder={t('merchants.list.state')}
            value={params.state}
            onChange={(state) => update({ state })}
            options={merchantStates.map((s) => ({ value: s, label: t(`merchants.state.${s}`) }))}
            style={{ width: 130 }}
            data-testid="merchants-state"
          />
          <Select<MerchantCategoryCode>
            allowClear
            placeholder={t('merchants.list.category')}
            value={params.category}
            onChange={(category) => update({ category })}
            options={merchantCategories.map((c) => ({ value: c, label: categoryName(c, i18n.language) }))}
            style={{ width: 140 }}
          />
          {hasPermission(me, 'org:read') && <OrgTreeSelect value={params.orgId ?? null} onChange={(orgId) => update({ orgId })} placeholder={t('merchants.list.org')} style={{ width: 240 }} />}
        </Space>
      </Card>
      <Card size="small">
        <Table<MerchantSummary>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          scroll={{ x: 1260 }}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total: n(total) }),
            onChange: (page, pageSize) => setParams((p) => ({ ...p, page, pageSize })),
          }}
          data-testid="merchants-table"
        />
      </Card>
      <MerchantDrawer id={openId} onClose={() => setOpenId(null)} />
      <Modal open={creating} title={t('merchants.list.new')} onCancel={() => setCreating(false)} onOk={() => void submit()} confirmLoading={create.isPending} okText={t('common.save')} width={760} destroyOnHidden>
        <p className="tx-muted">{t('merchants.list.newHint')}</p>
        <Form form={form} layout="vertical" requiredMark={false}>
          <MerchantFields form={form} withProposal />
        </Form>
      </Modal>
    </>
  );
}
