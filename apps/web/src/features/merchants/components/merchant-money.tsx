import { DownloadOutlined } from '@ant-design/icons';
import type { MerchantSettlement } from '@tongxing/contracts';
import { Button, DatePicker, Space, Statistic, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTimeShort, formatNumber, orDash } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { monthText, yuan } from '../merchant-format';
import { downloadStatement, useMerchantSettlementsOf, useMerchantTransactions, type MerchantTransaction } from '../merchants-api';

export const settlementStateColor: Record<MerchantSettlement['state'], string> = { prepared: 'gold', approved: 'blue', paid: 'green', cancelled: 'default' };

/** A month of the merchant's card transactions (cards masked) with the month's totals. */
export function MerchantTransactionsTable({ merchantId }: { merchantId: number }) {
  const { t, i18n } = useTranslation();
  const [month, setMonth] = useState(() => dayjs());
  const [page, setPage] = useState(1);
  const code = month.year() * 100 + month.month() + 1;
  const { data, isFetching } = useMerchantTransactions(merchantId, code, page);
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <>
      <Space size={32} align="end" style={{ marginBottom: 12 }} wrap>
        <DatePicker
          picker="month"
          value={month}
          allowClear={false}
          onChange={(d) => {
            if (d) setMonth(d);
            setPage(1);
          }}
          disabledDate={(d) => d.isAfter(dayjs(), 'month')}
        />
        <Statistic title={t('merchants.txn.count')} value={data ? n(data.summary.count) : '—'} />
        <Statistic title={t('merchants.txn.amount')} value={data ? yuan(data.summary.amountFen) : '—'} />
        <Statistic title={t('merchants.txn.subsidy')} value={data ? yuan(data.summary.subsidyFen) : '—'} styles={{ content: { color: '#c8161d' } }} />
      </Space>
      <Table<MerchantTransaction>
        size="small"
        rowKey="id"
        loading={isFetching}
        dataSource={data?.items ?? []}
        scroll={{ x: 760 }}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        locale={{ emptyText: t('merchants.txn.none') }}
        columns={[
          { title: t('merchants.txn.at'), dataIndex: 'occurredAt', width: 140, render: formatDateTimeShort },
          { title: t('merchants.txn.kind'), dataIndex: 'kind', width: 70, render: (k: string) => (k === 'refund' ? <Tag color="orange">{t('merchants.txn.refund')}</Tag> : t('merchants.txn.purchase')) },
          { title: t('merchants.txn.card'), dataIndex: 'cardMasked', width: 180, render: (v: string) => <span className="tx-mono">{v}</span> },
          { title: t('merchants.txn.amount'), dataIndex: 'amountFen', width: 110, align: 'right', render: (v: number, r) => (r.kind === 'refund' ? `-${yuan(v)}` : yuan(v)) },
          { title: t('merchants.txn.subsidy'), dataIndex: 'subsidyFen', width: 100, align: 'right', render: (v: number) => yuan(v) },
          { title: t('merchants.txn.senderId'), dataIndex: 'senderTxnId', ellipsis: true, render: (v: string) => <span className="tx-mono tx-muted">{v}</span> },
          { title: t('merchants.txn.settled'), dataIndex: 'settlementId', width: 80, render: (v: number | null) => (v ? <Tag color="green">#{v}</Tag> : <Tag>{t('merchants.txn.unsettled')}</Tag>) },
        ]}
      />
    </>
  );
}

/** The merchant's settlement statements, each downloadable as .xlsx. */
export function MerchantSettlementsTable({ merchantId }: { merchantId: number }) {
  const { t, i18n } = useTranslation();
  const showError = useApiError();
  const [page, setPage] = useState(1);
  const { data, isFetching } = useMerchantSettlementsOf(merchantId, page);
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <Table<MerchantSettlement>
      size="small"
      rowKey="id"
      loading={isFetching}
      dataSource={data?.items ?? []}
      scroll={{ x: 760 }}
      pagination={{ current: page, pageSize: 12, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
      locale={{ emptyText: t('merchants.settlement.none') }}
      columns={[
        { title: t('merchants.settlement.month'), dataIndex: 'month', width: 90, render: monthText },
        { title: t('merchants.txn.count'), dataIndex: 'txnCount', width: 80, align: 'right', render: n },
        { title: t('merchants.txn.amount'), dataIndex: 'amountFen', width: 120, align: 'right', render: (v: number) => yuan(v) },
        { title: t('merchants.settlement.subsidy'), dataIndex: 'subsidyFen', width: 110, align: 'right', render: (v: number) => <b>{yuan(v)}</b> },
        { title: t('common.status'), dataIndex: 'state', width: 90, render: (s: MerchantSettlement['state']) => <Tag color={settlementStateColor[s]}>{t(`merchants.settlement.state.${s}`)}</Tag> },
        { title: t('merchants.settlement.paidOn'), dataIndex: 'paidOn', width: 110, render: orDash },
        { title: t('merchants.settlement.paymentRef'), dataIndex: 'paymentRef', ellipsis: true, render: orDash },
        {
          title: '',
          key: 'dl',
          width: 110,
          render: (_v, s) => (
            <Button size="small" type="link" icon={<DownloadOutlined />} onClick={() => void downloadStatement(s.id, `${t('merchants.settlement.statementFile')}-${s.month}.xlsx`).catch((e: unknown) => showError(e))}>
              {t('merchants.settlement.statement')}
            </Button>
          ),
        },
      ]}
    />
  );
}
