import type { CardStatsRow } from '@tongxing/contracts';
import { Progress, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format';
import { ratePct } from '../card-format';

/** Rate colours: behind (red), on the way (gold), good (green) — against the federation's usual 60% and 80%. */
function rateColor(rate: number): string {
  if (rate >= 0.8) return '#389e0d';
  if (rate >= 0.6) return '#d4b106';
  return '#c8161d';
}

function RateCell({ rate, testId }: { rate: number | null; testId?: string }) {
  if (rate === null) return <span className="tx-muted">—</span>;
  return <Progress percent={Math.min(100, Math.round(rate * 1000) / 10)} size="small" strokeColor={rateColor(rate)} format={() => ratePct(rate)} data-testid={testId} />;
}

/**
 * 开卡率 / 激活率 / 用卡率 of each unit below the one in view, the unit's own total last; a unit's name drills in.
 */
export function RatesTable({ rows, total, loading, issueBase, onDrill }: { rows: CardStatsRow[]; total?: CardStatsRow; loading: boolean; issueBase: 'members' | 'collected'; onDrill?: (r: CardStatsRow) => void }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const columns: TableColumnsType<CardStatsRow> = [
    { title: '#', key: 'index', width: 44, render: (_v, _r, i) => i + 1 },
    {
      title: t('cardDash.table.unit'),
      key: 'unit',
      width: 190,
      fixed: 'left',
      render: (_v, r) =>
        onDrill ? (
          <Typography.Link onClick={() => onDrill(r)} data-testid="card-dash-drill">
            {r.orgName}
          </Typography.Link>
        ) : (
          r.orgName
        ),
    },
    { title: issueBase === 'members' ? t('cardDash.table.members') : t('cardDash.table.collected'), dataIndex: 'members', width: 100, align: 'right', render: n, sorter: (a, b) => a.members - b.members },
    { title: t('cardDash.table.issued'), dataIndex: 'issued', width: 100, align: 'right', render: n, sorter: (a, b) => a.issued - b.issued },
    { title: t('cardDash.table.issueRate'), dataIndex: 'issueRate', width: 170, render: (v: number | null) => <RateCell rate={v} testId="card-dash-issue-rate" />, sorter: (a, b) => (a.issueRate ?? -1) - (b.issueRate ?? -1) },
    { title: t('cardDash.table.activated'), dataIndex: 'activated', width: 100, align: 'right', render: n, sorter: (a, b) => a.activated - b.activated },
    { title: t('cardDash.table.activationRate'), dataIndex: 'activationRate', width: 170, render: (v: number | null) => <RateCell rate={v} />, sorter: (a, b) => (a.activationRate ?? -1) - (b.activationRate ?? -1) },
    { title: t('cardDash.table.used'), dataIndex: 'used', width: 100, align: 'right', render: n, sorter: (a, b) => a.used - b.used },
    { title: t('cardDash.table.usageRate'), dataIndex: 'usageRate', width: 170, render: (v: number | null) => <RateCell rate={v} />, sorter: (a, b) => (a.usageRate ?? -1) - (b.usageRate ?? -1) },
  ];
  return (
    <Table<CardStatsRow>
      rowKey="orgId"
      size="small"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      scroll={{ x: 1100 }}
      summary={() =>
        total && rows.length > 0 ? (
          <Table.Summary.Row className="tx-cd-total-row" data-testid="card-dash-total">
            <Table.Summary.Cell index={0} />
            <Table.Summary.Cell index={1}>{t('cardDash.table.total')}</Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {n(total.members)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              {n(total.issued)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4}>
              <RateCell rate={total.issueRate} />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right">
              {n(total.activated)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={6}>
              <RateCell rate={total.activationRate} />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={7} align="right">
              {n(total.used)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={8}>
              <RateCell rate={total.usageRate} />
            </Table.Summary.Cell>
          </Table.Summary.Row>
        ) : null
      }
      locale={{ emptyText: t('cardDash.table.empty') }}
      data-testid="card-dash-rates"
    />
  );
}
