import { DownloadOutlined } from '@ant-design/icons';
import type { MerchantSettlement } from '@tongxing/contracts';
import { App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTimeShort, formatNumber, orDash } from '../../../shared/format';
import { useIdempotencyKey } from '../../../shared/idempotency';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { settlementStateColor } from '../components/merchant-money';
import { monthText, yuan } from '../merchant-format';
import {
  downloadStatement,
  usePendingSettlements,
  usePrepareSettlement,
  useSettlement,
  useSettlementAction,
  useSettlements,
  type PendingSettlement,
  type SettlementListParams,
  type SettlementState,
} from '../merchants-api';

type Action = 'approve' | 'pay' | 'cancel';

/** One settlement: its months, who prepared and approved it, the payment; approve, pay or cancel with an Idempotency-Key. */
function SettlementDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const { data: s, isPending } = useSettlement(id);
  const act = useSettlementAction();
  const idem = useIdempotencyKey();
  const [action, setAction] = useState<Action | null>(null);
  const [form] = Form.useForm<{ comment?: string; paymentRef?: string; paidOn?: Dayjs }>();
  const n = (v: number) => formatNumber(v, i18n.language);

  const open = (a: Action) => {
    idem.done();
    form.resetFields();
    if (a === 'pay') form.setFieldsValue({ paidOn: dayjs() });
    setAction(a);
  };
  const submit = async () => {
    if (!s || !action) return;
    const v = await form.validateFields();
    const body = action === 'pay' ? { paymentRef: v.paymentRef, paidOn: v.paidOn?.format('YYYY-MM-DD') } : v.comment ? { comment: v.comment } : {};
    act.mutate(
      { id: s.id, action, body, idempotencyKey: idem.key() },
      {
        onSuccess: () => {
          idem.done();
          void message.success(t(`merchants.settlement.${action}Done`));
          setAction(null);
        },
        onError: (e) => showError(e, form),
      },
    );
  };

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={720}
      title={s ? `${s.merchantName} · ${monthText(s.month)}` : t('merchants.settlement.title')}
      loading={isPending}
      destroyOnHidden
      extra={
        s && (
          <Space>
            {s.actions.map((a) => (
              <Button key={a} type={a === 'cancel' ? 'default' : 'primary'} danger={a === 'cancel'} onClick={() => open(a)} data-testid={`settlement-${a}`}>
                {t(`merchants.settlement.${a}`)}
              </Button>
            ))}
          </Space>
        )
      }
    >
      {s && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('merchants.settlement.subsidy')}>
              <Typography.Text strong style={{ fontSize: 18, color: '#c8161d' }}>
                {yuan(s.subsidyFen)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <Tag color={settlementStateColor[s.state]}>{t(`merchants.settlement.state.${s.state}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('merchants.txn.count')}>{n(s.txnCount)}</Descriptions.Item>
            <Descriptions.Item label={t('merchants.txn.amount')}>{yuan(s.amountFen)}</Descriptions.Item>
            <Descriptions.Item label={t('merchants.settlement.preparedBy')}>
              {orDash(s.preparedByName)} · {formatDateTimeShort(s.preparedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('merchants.settlement.approvedBy')}>{s.approvedAt ? `${orDash(s.approvedByName)} · ${formatDateTimeShort(s.approvedAt)}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('merchants.settlement.paidOn')}>{orDash(s.paidOn)}</Descriptions.Item>
            <Descriptions.Item label={t('merchants.settlement.paymentRef')}>{orDash(s.paymentRef)}</Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey="month"
            pagination={false}
            dataSource={s.months}
            columns={[
              { title: t('merchants.settlement.month'), dataIndex: 'month', render: monthText },
              { title: t('merchants.txn.count'), dataIndex: 'txnCount', align: 'right', render: n },
              { title: t('merchants.txn.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => yuan(v) },
              { title: t('merchants.settlement.subsidy'), dataIndex: 'subsidyFen', align: 'right', render: (v: number) => yuan(v) },
            ]}
          />
          <Button icon={<DownloadOutlined />} onClick={() => void downloadStatement(s.id, `${t('merchants.settlement.statementFile')}-${s.merchantName}-${s.month}.xlsx`).catch((e: unknown) => showError(e))}>
            {t('merchants.settlement.statement')}
          </Button>
        </Space>
      )}
      <Modal open={action !== null} title={action ? t(`merchants.settlement.${action}`) : ''} onCancel={() => setAction(null)} onOk={() => void submit()} confirmLoading={act.isPending} okText={t('common.confirm')} destroyOnHidden>
        {s && action && <p>{t(`merchants.settlement.${action}Confirm`, { name: s.merchantName, amount: yuan(s.subsidyFen) })}</p>}
        <Form form={form} layout="vertical" requiredMark={false}>
          {action === 'pay' ? (
            <>
              <Form.Item name="paymentRef" label={t('merchants.settlement.paymentRef')} rules={[{ required: true, message: t('common.required', { field: t('merchants.settlement.paymentRef') }) }]}>
                <Input maxLength={60} data-testid="settlement-payment-ref" />
              </Form.Item>
              <Form.Item name="paidOn" label={t('merchants.settlement.paidOn')} rules={[{ required: true }]}>
                <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="comment" label={t('merchants.settlement.comment')}>
              <Input.TextArea rows={2} maxLength={300} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Drawer>
  );
}

/** 待结算: merchants with unsettled transactions up to a month that has ended; preparing one makes the statement. */
function PendingTab({ onPrepared }: { onPrepared: (id: number) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const me = useCurrentUser();
  const [month, setMonth] = useState(() => dayjs().subtract(1, 'month'));
  const [page, setPage] = useState(1);
  const code = month.year() * 100 + month.month() + 1;
  const { data, isFetching } = usePendingSettlements(code, page);
  const prepare = usePrepareSettlement();
  const idem = useIdempotencyKey();
  const [busy, setBusy] = useState<number | null>(null);
  const n = (v: number) => formatNumber(v, i18n.language);
  const canSettle = hasPermission(me, 'merchant:settle');

  const run = (row: PendingSettlement) => {
    idem.done();
    setBusy(row.merchantId);
    prepare.mutate(
      { merchantId: row.merchantId, month: code, idempotencyKey: idem.key() },
      {
        onSuccess: (s) => {
          idem.done();
          void message.success(t('merchants.settlement.prepared', { name: row.merchantName }));
          onPrepared(s.id);
        },
        onError: (e) => showError(e),
        onSettled: () => setBusy(null),
      },
    );
  };

  const columns: TableColumnsType<PendingSettlement> = [
    { title: t('merchants.field.name'), dataIndex: 'merchantName' },
    { title: t('merchants.txn.count'), dataIndex: 'txnCount', width: 100, align: 'right', render: n },
    { title: t('merchants.txn.amount'), dataIndex: 'amountFen', width: 140, align: 'right', render: (v: number) => yuan(v) },
    { title: t('merchants.settlement.subsidy'), dataIndex: 'subsidyFen', width: 140, align: 'right', render: (v: number) => <b>{yuan(v)}</b> },
    {
      title: t('common.actions'),
      key: 'a',
      width: 140,
      render: (_v, r) =>
        canSettle ? (
          <Button size="small" type="primary" loading={busy === r.merchantId} disabled={busy !== null && busy !== r.merchantId} onClick={() => run(r)} data-testid="settlement-prepare">
            {t('merchants.settlement.prepare')}
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <span className="tx-muted">{t('merchants.settlement.upTo')}</span>
        <DatePicker picker="month" value={month} allowClear={false} onChange={(d) => d && (setMonth(d), setPage(1))} disabledDate={(d) => !d.isBefore(dayjs(), 'month')} />
        <span className="tx-muted">{t('merchants.settlement.pendingHint')}</span>
      </Space>
      <Table<PendingSettlement>
        rowKey="merchantId"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={isFetching}
        locale={{ emptyText: t('merchants.settlement.nothingPending') }}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (total) => t('common.total', { total: n(total) }) }}
        data-testid="settlements-pending"
      />
    </>
  );
}

/** 商户结算: monthly statements per merchant — prepared by one cadre, approved by another, then marked paid. */
export function SettlementsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useState<SettlementListParams>({ page: 1, pageSize: 20 });
  const [openId, setOpenId] = useState<number | null>(null);
  const [tab, setTab] = useState('list');
  const { data, isFetching } = useSettlements(params);
  const n = (v: number) => formatNumber(v, i18n.language);
  const update = (patch: Partial<SettlementListParams>) => setParams((p) => ({ ...p, page: 1, ...patch }));

  const columns: TableColumnsType<MerchantSettlement> = [
    {
      title: t('merchants.field.name'),
      dataIndex: 'merchantName',
      render: (v: string, s) => (
        <Typography.Link onClick={() => setOpenId(s.id)} data-testid="settlement-open">
          {v}
        </Typography.Link>
      ),
    },
    { title: t('merchants.settlement.month'), dataIndex: 'month', width: 90, render: monthText },
    { title: t('merchants.txn.count'), dataIndex: 'txnCount', width: 80, align: 'right', render: n },
    { title: t('merchants.txn.amount'), dataIndex: 'amountFen', width: 130, align: 'right', render: (v: number) => yuan(v) },
    { title: t('merchants.settlement.subsidy'), dataIndex: 'subsidyFen', width: 120, align: 'right', render: (v: number) => <b>{yuan(v)}</b> },
    { title: t('common.status'), dataIndex: 'state', width: 90, render: (s: SettlementState) => <Tag color={settlementStateColor[s]}>{t(`merchants.settlement.state.${s}`)}</Tag> },
    { title: t('merchants.settlement.preparedBy'), key: 'p', width: 170, render: (_v, s) => `${orDash(s.preparedByName)} · ${formatDateTimeShort(s.preparedAt).slice(5)}` },
    { title: t('merchants.settlement.approvedBy'), key: 'ap', width: 170, render: (_v, s) => (s.approvedAt ? `${orDash(s.approvedByName)} · ${formatDateTimeShort(s.approvedAt).slice(5)}` : '—') },
    { title: t('merchants.settlement.paidOn'), dataIndex: 'paidOn', width: 110, render: orDash },
  ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('merchants.settlement.title')}</h2>
      </div>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'list',
              label: t('merchants.settlement.list'),
              children: (
                <>
                  <Space wrap style={{ marginBottom: 12 }}>
                    <Select<SettlementState>
                      allowClear
                      placeholder={t('common.status')}
                      value={params.state}
                      onChange={(state) => update({ state })}
                      options={(['prepared', 'approved', 'paid', 'cancelled'] as const).map((s) => ({ value: s, label: t(`merchants.settlement.state.${s}`) }))}
                      style={{ width: 130 }}
                      data-testid="settlements-state"
                    />
                    <DatePicker picker="month" placeholder={t('merchants.settlement.month')} onChange={(d) => update({ month: d ? d.year() * 100 + d.month() + 1 : undefined })} />
                  </Space>
                  <Table<MerchantSettlement>
                    rowKey="id"
                    size="small"
                    columns={columns}
                    dataSource={data?.items ?? []}
                    loading={isFetching}
                    scroll={{ x: 1100 }}
                    locale={{ emptyText: t('merchants.settlement.none') }}
                    pagination={{ current: params.page, pageSize: params.pageSize, total: data?.total ?? 0, showTotal: (total) => t('common.total', { total: n(total) }), onChange: (page, pageSize) => setParams((p) => ({ ...p, page, pageSize })) }}
                    data-testid="settlements-table"
                  />
                </>
              ),
            },
            { key: 'pending', label: t('merchants.settlement.pending'), children: <PendingTab onPrepared={(id) => (setTab('list'), setOpenId(id))} /> },
          ]}
        />
      </Card>
      <SettlementDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
