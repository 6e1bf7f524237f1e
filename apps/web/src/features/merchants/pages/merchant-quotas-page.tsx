import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Breadcrumb, Button, Card, DatePicker, Empty, Form, Input, InputNumber, Modal, Progress, Select, Space, Statistic, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { useCreateQuotaPeriod, useQuotaPeriods, useQuotaProgress, useSetQuotas, type QuotaRow } from '../merchants-api';

function progressColor(bps: number): string {
  if (bps >= 10_000) return '#389e0d';
  if (bps >= 6_000) return '#d4b106';
  return '#c8161d';
}

function QuotaProgressCell({ row }: { row: QuotaRow }) {
  if (row.progressBps === null) return <span className="tx-muted">—</span>;
  return <Progress percent={Math.min(100, row.progressBps / 100)} size="small" strokeColor={progressColor(row.progressBps)} format={() => `${(row.progressBps! / 100).toFixed(1)}%`} />;
}

/** 签约指标: a signing period's quotas handed down the tree, with the merchants signed against them. */
export function MerchantQuotasPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const showError = useApiError();
  const periods = useQuotaPeriods();
  const [periodId, setPeriodId] = useState<number | undefined>(undefined);
  const [path, setPath] = useState<{ orgId: number; name: string }[]>([]);
  // Editing belongs to the period and unit in view: moving elsewhere leaves it.
  const [editingKey, setEditingKey] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [draft, setDraft] = useState<Record<number, number | null>>({});
  const [form] = Form.useForm<{ name: string; range: [Dayjs, Dayjs] }>();
  const id = periodId ?? periods.data?.items[0]?.id;
  const orgId = path.at(-1)?.orgId;
  const { data, isFetching } = useQuotaProgress(id, orgId);
  const setQuotas = useSetQuotas();
  const createPeriod = useCreateQuotaPeriod();
  const canQuota = hasPermission(me, 'merchant:quota');
  const n = (v: number) => formatNumber(v, i18n.language);

  const viewKey = `${id ?? 0}:${orgId ?? 0}`;
  const editing = editingKey === viewKey;
  const setEditing = (on: boolean) => setEditingKey(on ? viewKey : null);

  const startEdit = () => {
    setDraft(Object.fromEntries((data?.children ?? []).map((c) => [c.orgId, c.quota])));
    setEditing(true);
  };
  const handed = Object.values(draft).reduce<number>((s, v) => s + (v ?? 0), 0);
  const save = () => {
    if (!data || !id) return;
    setQuotas.mutate(
      { id, parentOrgId: data.unit.orgId, quotas: data.children.map((c) => ({ orgId: c.orgId, quota: draft[c.orgId] ?? 0 })) },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          setEditing(false);
        },
        onError: (e) => showError(e),
      },
    );
  };
  const submitPeriod = async () => {
    const v = await form.validateFields();
    createPeriod.mutate(
      { name: v.name, startsOn: v.range[0].format('YYYY-MM-DD'), endsOn: v.range[1].format('YYYY-MM-DD') },
      {
        onSuccess: (p) => {
          setCreating(false);
          form.resetFields();
          setPeriodId(p.id);
        },
        onError: (e) => showError(e, form),
      },
    );
  };

  const columns: TableColumnsType<QuotaRow> = [
    {
      title: t('merchants.quota.unit'),
      dataIndex: 'orgName',
      width: 220,
      render: (v: string, r) =>
        r.kind === 'district_union' || r.kind === 'city_federation' ? (
          <Typography.Link onClick={() => setPath((p) => [...p, { orgId: r.orgId, name: r.orgName }])} data-testid="quota-drill">
            {v}
          </Typography.Link>
        ) : (
          v
        ),
    },
    {
      title: t('merchants.quota.quota'),
      key: 'quota',
      width: 140,
      align: 'right',
      render: (_v, r) =>
        editing ? (
          <InputNumber min={0} max={1_000_000} precision={0} value={draft[r.orgId] ?? null} onChange={(v) => setDraft((d) => ({ ...d, [r.orgId]: v }))} style={{ width: 110 }} data-testid="quota-input" />
        ) : r.quota === null ? (
          <span className="tx-muted">{t('merchants.quota.none')}</span>
        ) : (
          n(r.quota)
        ),
    },
    { title: t('merchants.quota.signed'), dataIndex: 'signed', width: 100, align: 'right', render: n },
    { title: t('merchants.quota.progress'), key: 'p', width: 220, render: (_v, r) => <QuotaProgressCell row={r} /> },
    { title: t('merchants.quota.handedDown'), dataIndex: 'handedDown', width: 120, align: 'right', render: n },
  ];

  const crumbs = path.length
    ? [{ key: 'top', title: <a onClick={() => setPath([])}>{me.org.name}</a> }, ...path.map((p, i) => ({ key: String(p.orgId), title: i === path.length - 1 ? p.name : <a onClick={() => setPath((l) => l.slice(0, i + 1))}>{p.name}</a> }))]
    : [];
  const unitQuota = data?.unit.quota ?? null;

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('merchants.quota.title')}</h2>
        {canQuota && me.org.kind === 'city_federation' && (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('merchants.quota.newPeriod')}
          </Button>
        )}
      </div>
      <Card size="small" className="tx-filter-bar">
        <Space wrap>
          <span className="tx-muted">{t('merchants.quota.period')}</span>
          <Select<number>
            value={id}
            onChange={(v) => {
              setPeriodId(v);
              setPath([]);
            }}
            loading={periods.isPending}
            options={(periods.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.startsOn} ~ ${p.endsOn}）` }))}
            style={{ width: 360 }}
            data-testid="quota-period"
          />
        </Space>
      </Card>
      {crumbs.length > 0 && <Breadcrumb items={crumbs} style={{ margin: '0 0 10px 2px' }} />}
      {!periods.isPending && !id ? (
        <Card size="small">
          <Empty description={t('merchants.quota.noPeriod')} />
        </Card>
      ) : (
        <Card
          size="small"
          loading={!data}
          title={data ? t('merchants.quota.unitTitle', { name: data.unit.orgName }) : ''}
          extra={
            canQuota && data && data.children.length > 0 ? (
              editing ? (
                <Space>
                  <span className="tx-muted" style={unitQuota !== null && handed > unitQuota ? { color: '#cf1322' } : undefined}>{t('merchants.quota.handing', { handed: n(handed), quota: unitQuota === null ? '—' : n(unitQuota) })}</span>
                  <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
                  <Button type="primary" loading={setQuotas.isPending} onClick={save} data-testid="quota-save">
                    {t('common.save')}
                  </Button>
                </Space>
              ) : (
                <Button icon={<EditOutlined />} onClick={startEdit} data-testid="quota-edit">
                  {t('merchants.quota.handDown')}
                </Button>
              )
            ) : null
          }
        >
          {data && (
            <>
              <Space size={48} style={{ marginBottom: 16 }}>
                <Statistic title={t('merchants.quota.quota')} value={unitQuota === null ? '—' : n(unitQuota)} />
                <Statistic title={t('merchants.quota.signed')} value={n(data.unit.signed)} styles={{ content: { color: '#c8161d' } }} />
                <div style={{ width: 260 }}>
                  <div className="tx-muted" style={{ marginBottom: 6 }}>
                    {t('merchants.quota.progress')}
                  </div>
                  <QuotaProgressCell row={data.unit} />
                </div>
              </Space>
              <Table<QuotaRow> rowKey="orgId" size="small" columns={columns} dataSource={data.children} loading={isFetching} pagination={false} locale={{ emptyText: t('merchants.quota.noChildren') }} data-testid="quota-table" />
            </>
          )}
        </Card>
      )}
      <Modal open={creating} title={t('merchants.quota.newPeriod')} onCancel={() => setCreating(false)} onOk={() => void submitPeriod()} confirmLoading={createPeriod.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" requiredMark={false}>
          <Form.Item name="name" label={t('merchants.quota.periodName')} rules={[{ required: true, message: t('common.required', { field: t('merchants.quota.periodName') }) }]}>
            <Input maxLength={60} placeholder={t('merchants.quota.periodNamePlaceholder')} />
          </Form.Item>
          <Form.Item name="range" label={t('merchants.quota.range')} rules={[{ required: true, message: t('common.selectRequired', { field: t('merchants.quota.range') }) }]}>
            <DatePicker.RangePicker />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
