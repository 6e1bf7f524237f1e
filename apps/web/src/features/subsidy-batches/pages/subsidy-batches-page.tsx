import '../../loans/loans.css';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { SubsidyBatch } from '@tongxing/contracts';
import { Button, Card, Select, Space, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTimeShort, formatNumber } from '../../../shared/format';
import { useProgrammes } from '../../loan-programmes/programmes-api';
import { yuan } from '../../loans/loan-format';
import { BatchActions, BatchDrawer } from '../components/batch-drawer';
import { BatchStateTag } from '../components/batch-state-tag';
import { NewBatchModal } from '../components/new-batch-modal';
import { useSubsidyBatches, type BatchListParams, type BatchState, type SubsidyKind } from '../subsidy-batches-api';

/**
 * 贴息批次: premium and interest subsidies are paid in batches — one cadre prepares, a different cadre
 * approves, then the payment is marked with its reference (and posted to the ledger).
 */
export function SubsidyBatchesPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useState<BatchListParams>({ page: 1, pageSize: 20 });
  const { data, isFetching, refetch } = useSubsidyBatches(params);
  const programmes = useProgrammes();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const filter = (patch: Partial<BatchListParams>) => setParams((p) => ({ ...p, ...patch, page: 1 }));
  const who = (name: string | null, at: string | null) =>
    name ? (
      <div>
        {name}
        <div className="tx-muted tx-cell-sub tx-mono">{formatDateTimeShort(at)}</div>
      </div>
    ) : (
      <span className="tx-muted">—</span>
    );

  const columns: TableColumnsType<SubsidyBatch> = [
    {
      title: t('subsidyBatches.id'),
      dataIndex: 'id',
      width: 90,
      render: (id: number) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpenId(id)} data-testid="batch-open">
          {t('subsidyBatches.no', { id })}
        </Button>
      ),
    },
    { title: t('subsidyBatches.programme'), dataIndex: 'programmeName', width: 130, ellipsis: true },
    { title: t('subsidyBatches.kind'), dataIndex: 'kind', width: 90, render: (k: SubsidyKind) => t(`subsidyBatches.kinds.${k}`) },
    { title: t('subsidyBatches.items'), dataIndex: 'itemCount', width: 80, align: 'right', render: (v: number) => formatNumber(v, i18n.language) },
    { title: t('subsidyBatches.total'), dataIndex: 'totalFen', width: 140, align: 'right', render: (v: number) => <span className="tx-money">{yuan(v)}</span> },
    { title: t('common.status'), dataIndex: 'state', width: 90, render: (s: BatchState) => <BatchStateTag state={s} /> },
    { title: t('subsidyBatches.preparedBy'), key: 'prep', width: 140, render: (_v, b) => who(b.preparedByName, b.preparedAt) },
    { title: t('subsidyBatches.approvedBy'), key: 'appr', width: 140, render: (_v, b) => who(b.approvedByName, b.approvedAt) },
    // Who paid, when, and the bank's payment reference in one cell, so the table fits a 1440-wide screen.
    {
      title: t('subsidyBatches.paidBy'),
      key: 'paid',
      width: 170,
      render: (_v, b) => (
        <>
          {who(b.paidByName, b.paidAt)}
          {b.paymentRef && <div className="tx-muted tx-cell-sub tx-mono" title={t('subsidyBatches.paymentRef')}>{b.paymentRef}</div>}
        </>
      ),
    },
    { title: t('common.actions'), key: 'actions', width: 200, fixed: 'right', render: (_v, b) => <BatchActions batch={b} size="small" /> },
  ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('subsidyBatches.title')}</h2>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="batch-new">
          {t('subsidyBatches.new')}
        </Button>
      </div>
      <Card size="small" className="tx-filter-bar">
        <Space wrap size={[12, 8]}>
          <Select<number | undefined>
            value={params.programmeId}
            onChange={(programmeId) => filter({ programmeId })}
            allowClear
            placeholder={t('loans.book.allProgrammes')}
            style={{ width: 200 }}
            options={(programmes.data?.items ?? []).map((p) => ({ value: p.id, label: i18n.language === 'en' ? (p.nameEn ?? p.name) : p.name }))}
          />
          <Select<SubsidyKind | undefined>
            value={params.kind}
            onChange={(kind) => filter({ kind })}
            allowClear
            placeholder={t('subsidyBatches.allKinds')}
            style={{ width: 140 }}
            options={(['premium', 'interest'] as const).map((k) => ({ value: k, label: t(`subsidyBatches.kinds.${k}`) }))}
          />
          <Select<BatchState | undefined>
            value={params.state}
            onChange={(state) => filter({ state })}
            allowClear
            placeholder={t('subsidyBatches.allStates')}
            style={{ width: 140 }}
            options={(['prepared', 'approved', 'paid', 'cancelled'] as const).map((s) => ({ value: s, label: t(`subsidyBatches.states.${s}`) }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()} title={t('common.refresh')} />
        </Space>
      </Card>
      <Card size="small">
        <Table<SubsidyBatch>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          scroll={{ x: 1200 }}
          locale={{ emptyText: t('subsidyBatches.none') }}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total: data?.total ?? 0,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setParams((p) => ({ ...p, page: pageSize === p.pageSize ? page : 1, pageSize })),
          }}
          data-testid="batches-table"
        />
      </Card>
      <NewBatchModal open={creating} onClose={() => setCreating(false)} onPrepared={(b) => setOpenId(b.id)} />
      <BatchDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
