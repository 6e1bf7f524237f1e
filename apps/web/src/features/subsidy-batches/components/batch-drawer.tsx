import { CheckOutlined, DollarOutlined, StopOutlined } from '@ant-design/icons';
import type { SubsidyBatch } from '@tongxing/contracts';
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Form, Input, Modal, Space, Table, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTimeShort, orDash } from '../../../shared/format';
import { useIdempotencyKey } from '../../../shared/idempotency';
import { useApiError } from '../../../shared/use-api-error';
import { useCurrentUser } from '../../auth/auth-api';
import { yuan } from '../../loans/loan-format';
import { useApproveBatch, useCancelBatch, usePayBatch, useSubsidyBatch, type SubsidyItem } from '../subsidy-batches-api';
import { BatchStateTag } from './batch-state-tag';

/** Why 审批 is greyed out for this cadre: the preparer may not approve their own batch (maker-checker). */
export function approveBlockedReason(batch: SubsidyBatch, myName: string, t: (k: string, o?: Record<string, unknown>) => string): string | undefined {
  if (batch.state !== 'prepared' || batch.actions.includes('approve')) return undefined;
  if (batch.preparedByName && batch.preparedByName === myName) return t('subsidyBatches.ownBatch');
  return t('subsidyBatches.otherCadre', { name: batch.preparedByName ?? '—' });
}

/** Approve (a cadre other than the preparer), mark paid (payment reference), cancel: what the batch allows me now. */
export function BatchActions({ batch, size }: { batch: SubsidyBatch; size?: 'small' }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const approve = useApproveBatch();
  const cancel = useCancelBatch();
  const approveKey = useIdempotencyKey();
  const cancelKey = useIdempotencyKey();
  const [paying, setPaying] = useState(false);
  const blocked = approveBlockedReason(batch, me.displayName, t);

  const runApprove = () =>
    modal.confirm({
      title: t('subsidyBatches.approveConfirm', { id: batch.id }),
      content: t('subsidyBatches.approveText', { count: batch.itemCount, total: yuan(batch.totalFen), maker: batch.preparedByName ?? '—' }),
      okText: t('subsidyBatches.approve'),
      onOk: () =>
        approve
          .mutateAsync({ id: batch.id, idempotencyKey: approveKey.key() })
          .then(() => {
            approveKey.done();
            void message.success(t('subsidyBatches.approved'));
          })
          .catch((e: unknown) => showError(e)),
    });

  const runCancel = () =>
    modal.confirm({
      title: t('subsidyBatches.cancelConfirm', { id: batch.id }),
      content: t('subsidyBatches.cancelText'),
      okText: t('subsidyBatches.cancel'),
      okButtonProps: { danger: true },
      onOk: () =>
        cancel
          .mutateAsync({ id: batch.id, idempotencyKey: cancelKey.key() })
          .then(() => {
            cancelKey.done();
            void message.success(t('subsidyBatches.cancelled'));
          })
          .catch((e: unknown) => showError(e)),
    });

  return (
    <Space size={4}>
      {batch.state === 'prepared' && (
        <Tooltip title={blocked}>
          <Button size={size} type="primary" icon={<CheckOutlined />} disabled={!!blocked} loading={approve.isPending} onClick={runApprove} data-testid="batch-approve">
            {t('subsidyBatches.approve')}
          </Button>
        </Tooltip>
      )}
      {batch.actions.includes('pay') && (
        <Button size={size} type="primary" icon={<DollarOutlined />} onClick={() => setPaying(true)} data-testid="batch-pay">
          {t('subsidyBatches.pay')}
        </Button>
      )}
      {batch.actions.includes('cancel') && (
        <Button size={size} danger icon={<StopOutlined />} loading={cancel.isPending} onClick={runCancel}>
          {t('subsidyBatches.cancel')}
        </Button>
      )}
      <PayModal batch={batch} open={paying} onClose={() => setPaying(false)} />
    </Space>
  );
}

function PayModal({ batch, open, onClose }: { batch: SubsidyBatch; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<{ paymentRef: string; paidOn: Dayjs }>();
  const pay = usePayBatch();
  const idem = useIdempotencyKey();
  const close = () => {
    idem.done();
    form.resetFields();
    onClose();
  };
  return (
    <Modal open={open} title={t('subsidyBatches.payTitle', { id: batch.id })} onCancel={close} onOk={() => form.submit()} okText={t('subsidyBatches.pay')} confirmLoading={pay.isPending} forceRender>
      <Alert type="info" showIcon title={t('subsidyBatches.payText', { total: yuan(batch.totalFen) })} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ paidOn: dayjs() }}
        onFinish={(v) =>
          pay.mutate(
            { id: batch.id, idempotencyKey: idem.key(), paymentRef: v.paymentRef.trim(), paidOn: v.paidOn.format('YYYY-MM-DD') },
            {
              onSuccess: () => {
                void message.success(t('subsidyBatches.paid'));
                close();
              },
              onError: (e) => showError(e, form),
            },
          )
        }
      >
        <Form.Item name="paymentRef" label={t('subsidyBatches.paymentRef')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('subsidyBatches.paymentRef') }) }, { max: 60 }]}>
          <Input maxLength={60} placeholder={t('subsidyBatches.paymentRefHint')} data-testid="batch-payment-ref" />
        </Form.Item>
        <Form.Item name="paidOn" label={t('subsidyBatches.paidOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A batch: who prepared, approved and paid it, its items (loan, period, amount) and total. */
export function BatchDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { data: batch, isLoading } = useSubsidyBatch(id);
  const columns: TableColumnsType<SubsidyItem> = [
    { title: t('loans.reference'), dataIndex: 'loanReference', width: 150, render: (v: string, r) => <Link to={`/loans/${r.loanId}`} className="tx-mono">{v}</Link> },
    { title: t('loans.borrower'), dataIndex: 'borrowerName', width: 100 },
    { title: t('subsidyBatches.kind'), dataIndex: 'kind', width: 90, render: (k: string, r) => (k === 'interest' ? t('subsidyBatches.period', { k: r.k }) : t('subsidyBatches.kinds.premium')) },
    { title: t('subsidyBatches.earnedOn'), dataIndex: 'earnedOn', width: 110, render: (v: string) => <span className="tx-mono">{v}</span> },
    { title: t('subsidyBatches.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => <span className="tx-money">{yuan(v)}</span> },
  ];
  const who = (name: string | null, at: string | null) => (name ? `${name} · ${formatDateTimeShort(at)}` : '—');
  return (
    <Drawer open={id !== null} onClose={onClose} size={760} title={batch ? t('subsidyBatches.drawerTitle', { id: batch.id }) : ''} loading={isLoading} extra={batch && <BatchActions batch={batch} />}>
      {batch && (
        <>
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              { key: 'p', label: t('subsidyBatches.programme'), children: batch.programmeName },
              { key: 'k', label: t('subsidyBatches.kind'), children: t(`subsidyBatches.kinds.${batch.kind}`) },
              { key: 's', label: t('common.status'), children: <BatchStateTag state={batch.state} /> },
              { key: 'tot', label: t('subsidyBatches.total'), children: <strong className="tx-money" data-testid="batch-total">{yuan(batch.totalFen)}</strong> },
              { key: 'prep', label: t('subsidyBatches.preparedBy'), children: who(batch.preparedByName, batch.preparedAt) },
              { key: 'appr', label: t('subsidyBatches.approvedBy'), children: <span data-testid="batch-approved-by">{who(batch.approvedByName, batch.approvedAt)}</span> },
              { key: 'paid', label: t('subsidyBatches.paidBy'), children: who(batch.paidByName, batch.paidAt) },
              { key: 'ref', label: t('subsidyBatches.paymentRef'), children: <span className="tx-mono">{orDash(batch.paymentRef)}</span> },
            ]}
            style={{ marginBottom: 12 }}
          />
          <Table<SubsidyItem>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={batch.items}
            pagination={batch.items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            summary={() => (
              <Table.Summary.Row className="tx-summary-row">
                <Table.Summary.Cell index={0} colSpan={4}>
                  {t('subsidyBatches.itemsTotal', { count: batch.itemCount })}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {yuan(batch.totalFen)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
            data-testid="batch-items"
          />
        </>
      )}
    </Drawer>
  );
}
