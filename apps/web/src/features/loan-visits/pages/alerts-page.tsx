import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Alert } from '@tongxing/contracts';
import { App, Badge, Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTimeShort } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { useAlerts, useReadAlert } from '../loan-visits-api';

/** 风险预警: alerts for my units (a risk found at a visit alerts the district union and the bank); mark read. */
export function AlertsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [unreadOnly, setUnreadOnly] = useState(true);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const params = { ...(unreadOnly ? { unread: 'true' as const } : {}), ...page };
  const { data, isFetching, refetch } = useAlerts(params);
  const read = useReadAlert();

  const markRead = (a: Alert) =>
    read.mutate(a.id, {
      onSuccess: () => void message.success(t('alerts.marked')),
      onError: (err) => showError(err),
    });

  const columns: TableColumnsType<Alert> = [
    {
      title: t('alerts.status'),
      key: 'status',
      width: 90,
      render: (_v, a) => (a.readAt ? <Badge status="default" text={t('alerts.read')} /> : <Badge status="error" text={t('alerts.unread')} />),
    },
    { title: t('alerts.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTimeShort(v) },
    { title: t('alerts.kind'), dataIndex: 'kind', width: 100, render: (k: string) => <Tag color="volcano">{t(`alerts.kinds.${k}`, { defaultValue: k })}</Tag> },
    {
      title: t('alerts.message'),
      dataIndex: 'message',
      render: (m: string, a) => <span style={{ fontWeight: a.readAt ? 'normal' : 600 }}>{m}</span>,
    },
    { title: t('alerts.unit'), dataIndex: 'orgName', width: 220, ellipsis: true },
    {
      title: t('alerts.loan'),
      key: 'loan',
      width: 220,
      render: (_v, a) => (
        <Space size={8}>
          {a.loanId && (
            <Link to={`/loans/${a.loanId}`} className="tx-mono">
              {a.loanReference ?? a.loanId}
            </Link>
          )}
          {a.visitId && <Link to={`/loan-visits?due=done&visit=${a.visitId}`}>{t('alerts.openVisit')}</Link>}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_v, a) =>
        a.readAt ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.readByName ? t('alerts.readBy', { name: a.readByName }) : formatDateTimeShort(a.readAt)}
          </Typography.Text>
        ) : (
          <Button size="small" icon={<CheckOutlined />} loading={read.isPending && read.variables === a.id} onClick={() => markRead(a)} data-testid="alert-read">
            {t('alerts.markRead')}
          </Button>
        ),
    },
  ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('alerts.title')}</h2>
      </div>
      <Card size="small" className="tx-filter-bar">
        <Space wrap size={[12, 8]}>
          <Segmented<'unread' | 'all'>
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => {
              setUnreadOnly(v === 'unread');
              setPage((p) => ({ ...p, page: 1 }));
            }}
            options={[
              { value: 'unread', label: t('alerts.unreadOnly') },
              { value: 'all', label: t('alerts.all') },
            ]}
            data-testid="alerts-filter"
          />
          {data && <Tag color={data.unread > 0 ? 'red' : 'default'}>{t('alerts.unreadCount', { count: data.unread })}</Tag>}
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label={t('common.refresh')} />
        </Space>
      </Card>
      <Card size="small">
        <Table<Alert>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          scroll={{ x: 1100 }}
          locale={{ emptyText: unreadOnly ? t('alerts.emptyUnread') : t('alerts.empty') }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => setPage((old) => ({ page: size === old.pageSize ? p : 1, pageSize: size })),
          }}
          data-testid="alerts-table"
        />
      </Card>
    </>
  );
}
