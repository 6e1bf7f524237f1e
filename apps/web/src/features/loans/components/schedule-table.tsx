import type { ScheduleRowView } from '@tongxing/contracts';
import { Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { yuan } from '../loan-format';
import type { LoanSchedule } from '../loans-api';

type Status = NonNullable<ScheduleRowView['status']>;
const statusColors: Record<Status, string> = { paid: 'success', partial: 'warning', overdue: 'error', due: 'processing', future: 'default' };

/** The repayment schedule with what has been paid against each period; overdue periods in red. */
export function ScheduleTable({ schedule, loading }: { schedule: LoanSchedule | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const money = (v: number) => <span className="tx-money">{yuan(v)}</span>;
  const paidOf = (r: ScheduleRowView) => (r.paidPrincipalFen ?? 0) + (r.paidInterestFen ?? 0);

  const columns: TableColumnsType<ScheduleRowView> = [
    { title: t('loans.schedule.period'), dataIndex: 'k', width: 64, align: 'center' },
    { title: t('loans.schedule.dueDate'), dataIndex: 'dueDate', width: 110, render: (v: string) => <span className="tx-mono">{v}</span> },
    { title: t('loans.schedule.principal'), dataIndex: 'principalFen', width: 130, align: 'right', render: money },
    { title: t('loans.schedule.interest'), dataIndex: 'interestFen', width: 120, align: 'right', render: money },
    { title: t('loans.schedule.payment'), dataIndex: 'paymentFen', width: 130, align: 'right', render: money },
    { title: t('loans.schedule.paid'), key: 'paid', width: 130, align: 'right', render: (_v, r) => (paidOf(r) > 0 ? money(paidOf(r)) : <span className="tx-muted">—</span>) },
    { title: t('loans.schedule.closing'), dataIndex: 'closingFen', width: 130, align: 'right', render: money },
    {
      title: t('loans.schedule.status'),
      dataIndex: 'status',
      width: 96,
      align: 'center',
      render: (s: Status | undefined) => (s ? <Tag color={statusColors[s]} style={{ marginInlineEnd: 0 }}>{t(`loans.schedule.statuses.${s}`)}</Tag> : '—'),
    },
  ];

  return (
    <Table<ScheduleRowView>
      rowKey="k"
      size="small"
      columns={columns}
      dataSource={schedule?.rows ?? []}
      loading={loading}
      pagination={false}
      scroll={{ y: 440 }}
      rowClassName={(r) => (r.status === 'overdue' ? 'tx-row-overdue' : r.status === 'paid' ? 'tx-row-paid' : '')}
      locale={{ emptyText: t('loans.schedule.none') }}
      summary={() =>
        schedule && schedule.rows.length > 0 ? (
          <Table.Summary fixed>
            <Table.Summary.Row className="tx-summary-row">
              <Table.Summary.Cell index={0} colSpan={2}>
                {t('loans.schedule.total')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {money(schedule.totalPrincipalFen)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {money(schedule.totalInterestFen)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {money(schedule.totalPaymentFen)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                {money(schedule.rows.reduce((s, r) => s + paidOf(r), 0))}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} colSpan={2} />
            </Table.Summary.Row>
          </Table.Summary>
        ) : null
      }
      data-testid="schedule-table"
    />
  );
}
