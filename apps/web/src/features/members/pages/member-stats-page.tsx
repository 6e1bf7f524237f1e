import type { MemberCounts } from '@tongxing/contracts';
import type { OrgKind } from '@tongxing/domain';
import { Breadcrumb, Card, Col, Progress, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../../../shared/format';
import { OrgKindTag } from '../../orgs/components/org-kind-tag';
import { useMemberLabels } from '../member-labels';
import { useMemberCounts } from '../members-api';

const MemberStatsCharts = lazy(() => import('../components/member-charts'));

type Child = MemberCounts['children'][number];

/** The bar chart stays readable with this many units; the table below has them all. */
const MAX_BARS = 20;

export function MemberStatsPage() {
  const { t, i18n } = useTranslation();
  const labels = useMemberLabels();
  // The drill-down path from the top of my scope; empty means the top itself.
  const [path, setPath] = useState<{ orgId: number; name: string }[]>([]);
  const current = path.at(-1)?.orgId ?? null;
  const { data, isPending, isFetching } = useMemberCounts(current);
  const n = (v: number) => formatNumber(v, i18n.language);

  const drill = (child: Child) => setPath((p) => [...p, { orgId: child.orgId, name: child.name }]);
  const children = useMemo(() => [...(data?.children ?? [])].sort((a, b) => b.members - a.members), [data]);
  const bars = useMemo(() => children.slice(0, MAX_BARS).map((c) => ({ name: c.name, members: c.members, modelWorkers: c.modelWorkers })), [children]);
  const slices = useMemo(
    () =>
      Object.entries(data?.byCategory ?? {})
        .filter(([, v]) => v > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => ({ name: labels.category(k), value: v })),
    [data, labels],
  );

  if (isPending || !data) {
    return (
      <Card size="small">
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  }

  const total = data.members;
  const statusCards = (['retired', 'transferred_out', 'withdrawn', 'deceased'] as const).map((s) => ({ key: s, title: labels.status(s), value: data.byStatus[s] ?? 0 }));
  const crumbs = [
    { key: 'top', title: path.length === 0 ? <span>{data.name}</span> : <a onClick={() => setPath([])}>{t('members.stats.top')}</a> },
    ...path.map((p, i) => ({
      key: String(p.orgId),
      title: i === path.length - 1 ? <span>{p.name}</span> : <a onClick={() => setPath((list) => list.slice(0, i + 1))}>{p.name}</a>,
    })),
  ];

  const columns: TableColumnsType<Child> = [
    { title: '#', key: 'index', width: 48, render: (_v, _r, i) => i + 1 },
    {
      title: t('members.stats.unit'),
      dataIndex: 'name',
      render: (name: string, c) => (
        <Typography.Link onClick={() => drill(c)} data-testid="stats-drill">
          {name}
        </Typography.Link>
      ),
    },
    { title: t('members.stats.kind'), dataIndex: 'kind', width: 130, render: (k: string) => <OrgKindTag kind={k as OrgKind} /> },
    { title: t('members.stats.members'), dataIndex: 'members', width: 110, align: 'right', sorter: (a, b) => a.members - b.members, render: (v: number) => n(v) },
    { title: t('members.stats.modelWorkers'), dataIndex: 'modelWorkers', width: 100, align: 'right', sorter: (a, b) => a.modelWorkers - b.modelWorkers, render: (v: number) => n(v) },
    {
      title: t('members.stats.share'),
      key: 'share',
      width: 200,
      render: (_v, c) => <Progress percent={total > 0 ? Math.round((c.members / total) * 1000) / 10 : 0} size="small" strokeColor="#c8161d" />,
    },
    { title: t('common.actions'), key: 'roster', width: 100, render: (_v, c) => <Link to={`/members?orgId=${c.orgId}`}>{t('members.stats.roster')}</Link> },
  ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('members.stats.title')}</h2>
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Breadcrumb items={crumbs} style={{ marginBottom: 12 }} data-testid="stats-crumbs" />
        <Row gutter={[12, 12]}>
          <Col xs={12} md={8} xl={4}>
            <Statistic title={t('members.stats.active')} value={n(total)} styles={{ content: { color: '#c8161d', fontWeight: 600 } }} />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Statistic title={t('members.stats.modelWorkers')} value={n(data.modelWorkers)} styles={{ content: { fontWeight: 600 } }} />
          </Col>
          {statusCards.map((s) => (
            <Col key={s.key} xs={12} md={8} xl={4}>
              <Statistic title={s.title} value={n(s.value)} styles={{ content: { color: '#595959' } }} />
            </Col>
          ))}
        </Row>
      </Card>
      <Suspense fallback={<Skeleton active />}>
        {total > 0 ? (
          <MemberStatsCharts
            bars={bars}
            slices={slices}
            labels={{ members: t('members.stats.active'), modelWorkers: t('members.stats.modelWorkers'), unit: t('members.stats.people') }}
            titles={{
              bars: children.length > MAX_BARS ? t('members.stats.barsTitleTop', { count: MAX_BARS }) : t('members.stats.barsTitle'),
              pie: t('members.stats.pieTitle'),
            }}
            onPick={(i) => {
              const c = children[i];
              if (c) drill(c);
            }}
          />
        ) : null}
      </Suspense>
      <Card size="small" title={t('members.stats.childrenTitle', { name: data.name, count: children.length })}>
        <Table<Child>
          rowKey="orgId"
          size="small"
          columns={columns}
          dataSource={children}
          loading={isFetching}
          pagination={children.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          locale={{ emptyText: t('members.stats.noChildren') }}
          data-testid="stats-table"
        />
      </Card>
    </>
  );
}
