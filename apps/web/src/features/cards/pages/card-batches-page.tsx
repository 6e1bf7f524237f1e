import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import type { CardBatch } from '@tongxing/contracts';
import { App, Button, Card, Form, Input, Modal, Result, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTimeShort, formatNumber } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { NewBatchModal } from '../components/new-batch-modal';
import { exportCardBatch, useCardBatches, type CardBatchCreated } from '../cards-api';

const stateOrder = ['collected', 'applied', 'issued', 'activated', 'frozen', 'lost', 'replaced', 'cancelled'];
const stateColor: Record<string, string> = { applied: 'gold', issued: 'blue', activated: 'green', frozen: 'orange', lost: 'red' };

/** 批量申请: a union's applications for its members, each exported as the bank's sheet with a reason. */
export function CardBatchesPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const showError = useApiError();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const { data, isFetching } = useCardBatches(page);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CardBatchCreated | null>(null);
  const [exporting, setExporting] = useState<CardBatch | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const canApply = hasPermission(me, 'card:apply');
  const n = (v: number) => formatNumber(v, i18n.language);

  const runExport = async () => {
    if (!exporting) return;
    const { reason } = await form.validateFields();
    setBusy(true);
    try {
      await exportCardBatch(exporting.id, reason, `${exporting.reference}.xlsx`);
      void message.success(t('cards.batches.exported'));
      setExporting(null);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<CardBatch> = [
    { title: t('cards.batches.reference'), dataIndex: 'reference', width: 150, render: (v: string) => <span className="tx-mono">{v}</span> },
    { title: t('cards.batches.unit'), dataIndex: 'orgName', width: 220, ellipsis: true },
    { title: t('cards.batches.bank'), dataIndex: 'bankName', width: 200, ellipsis: true },
    { title: t('cards.batches.count'), dataIndex: 'cardCount', width: 90, align: 'right', render: n },
    {
      title: t('cards.batches.progress'),
      key: 'states',
      width: 300,
      render: (_v, b) => (
        <Space size={[4, 4]} wrap>
          {stateOrder
            .filter((s) => (b.states[s] ?? 0) > 0)
            .map((s) => (
              <Tag key={s} color={stateColor[s] ?? 'default'}>
                {t(`cards.state.${s}`)} {n(b.states[s] ?? 0)}
              </Tag>
            ))}
        </Space>
      ),
    },
    { title: t('cards.batches.createdBy'), dataIndex: 'createdBy', width: 100, render: (v: string | null) => v ?? '—' },
    { title: t('cards.batches.createdAt'), dataIndex: 'createdAt', width: 140, render: formatDateTimeShort },
    { title: t('cards.batches.exportedAt'), dataIndex: 'exportedAt', width: 140, render: (v: string | null) => (v ? formatDateTimeShort(v) : <Tag>{t('cards.batches.notExported')}</Tag>) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      fixed: 'right',
      render: (_v, b) =>
        canApply ? (
          <Button size="small" icon={<DownloadOutlined />} onClick={() => (form.resetFields(), setExporting(b))} data-testid="batch-export">
            {t('cards.batches.export')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('cards.batches.title')}</h2>
        {canApply && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="batch-new">
            {t('cards.batches.new')}
          </Button>
        )}
      </div>
      <Card size="small">
        <Table<CardBatch>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          scroll={{ x: 1480 }}
          locale={{ emptyText: t('cards.batches.empty') }}
          pagination={{ current: page.page, pageSize: page.pageSize, total: data?.total ?? 0, showTotal: (total) => t('common.total', { total: n(total) }), onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
          data-testid="batches-table"
        />
      </Card>
      <NewBatchModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(b) => {
          setCreating(false);
          setCreated(b);
        }}
      />
      <Modal open={!!created} onCancel={() => setCreated(null)} footer={<Button onClick={() => setCreated(null)}>{t('common.close')}</Button>} width={600}>
        {created && (
          <Result
            status="success"
            title={t('cards.batches.createdTitle', { reference: created.reference })}
            subTitle={t('cards.batches.createdSub', { count: n(created.cardCount), skipped: n(created.skipped.length), bank: created.bankName })}
            extra={
              created.skipped.length > 0 ? (
                <Table
                  size="small"
                  rowKey="memberId"
                  pagination={created.skipped.length > 8 ? { pageSize: 8 } : false}
                  dataSource={created.skipped}
                  columns={[
                    { title: t('cards.col.member'), dataIndex: 'name', render: (v: string | null) => v ?? '—' },
                    { title: t('cards.batches.skipReason'), dataIndex: 'reason', render: (r: string) => t(`cards.batches.skip.${r}`) },
                  ]}
                />
              ) : undefined
            }
          />
        )}
      </Modal>
      <Modal
        open={!!exporting}
        title={exporting ? t('cards.batches.exportTitle', { reference: exporting.reference }) : ''}
        onCancel={() => setExporting(null)}
        onOk={() => void runExport()}
        confirmLoading={busy}
        okText={t('cards.batches.export')}
        destroyOnHidden
      >
        <p className="tx-muted">{t('cards.batches.exportHint')}</p>
        <Form form={form} layout="vertical" requiredMark={false}>
          <Form.Item name="reason" label={t('cards.batches.reason')} rules={[{ required: true, min: 2, message: t('common.required', { field: t('cards.batches.reason') }) }]}>
            <Input.TextArea rows={2} maxLength={200} showCount placeholder={t('cards.batches.reasonPlaceholder')} data-testid="batch-export-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
