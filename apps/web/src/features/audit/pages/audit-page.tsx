import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { AuditEntry } from '@tongxing/contracts';
import { Alert, Button, Card, Col, Row, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, orDash } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { useAuditLog, useVerifyAudit, type AuditParams } from '../audit-api';
import { AuditFilters, type AuditFilter } from '../components/audit-filters';

const outcomeColors: Record<AuditEntry['outcome'], string> = { success: 'success', denied: 'warning', failure: 'error' };

function JsonBlock({ value, empty }: { value: unknown; empty: string }) {
  if (value === null || value === undefined) return <div className="tx-muted">{empty}</div>;
  return <pre className="tx-json">{JSON.stringify(value, null, 2)}</pre>;
}

export function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useState<AuditParams>({ page: 1, pageSize: 20 });
  const { data, isFetching } = useAuditLog(params);
  const verify = useVerifyAudit();
  const showError = useApiError();

  const actionLabel = (action: string) => t(`audit.actions.${action}`, { defaultValue: '' });

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.occurredAt'), dataIndex: 'occurredAt', width: 160, render: (v: string) => formatDateTime(v) },
    { title: t('audit.actor'), dataIndex: 'actorUsername', width: 110, render: (v: string | null) => <span className="tx-mono">{orDash(v)}</span> },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 230,
      render: (action: string) => (
        <span>
          {actionLabel(action) || action} <span className="tx-muted tx-mono" style={{ fontSize: 11 }}>{actionLabel(action) ? action : ''}</span>
        </span>
      ),
    },
    {
      title: t('audit.entityType'),
      dataIndex: 'entityType',
      width: 90,
      render: (v: string | null) => (v ? t(`audit.entityTypes.${v}`, { defaultValue: v }) : '—'),
    },
    { title: t('audit.entityId'), dataIndex: 'entityId', width: 90, render: (v: string | null) => <span className="tx-mono">{orDash(v)}</span> },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      width: 80,
      render: (o: AuditEntry['outcome']) => <Tag color={outcomeColors[o]}>{t(`audit.outcomes.${o}`)}</Tag>,
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 120, render: (v: string | null) => <span className="tx-mono">{orDash(v)}</span> },
    { title: t('audit.requestId'), dataIndex: 'requestId', ellipsis: true, render: (v: string | null) => <span className="tx-mono tx-muted">{orDash(v)}</span> },
  ];

  const result = verify.data;

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('audit.title')}</h2>
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={verify.isPending}
          onClick={() => verify.mutate(undefined, { onError: (e) => showError(e) })}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
      </div>
      {result && (
        <Alert
          closable={{ onClose: () => verify.reset() }}
          showIcon
          type={result.ok ? 'success' : 'error'}
          title={result.ok ? t('audit.verifyOkTitle') : t('audit.verifyBadTitle')}
          description={
            result.ok
              ? t('audit.verifyOkText', { checked: result.checked })
              : t('audit.verifyBadText', { checked: result.checked, id: result.firstBrokenId ?? '?', reason: result.reason ?? '' })
          }
          style={{ marginBottom: 12 }}
          data-testid="audit-verify-result"
        />
      )}
      <AuditFilters onSearch={(filter: AuditFilter) => setParams((p) => ({ ...filter, page: 1, pageSize: p.pageSize }))} />
      <Card size="small">
        <Table<AuditEntry>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          scroll={{ x: 1100 }}
          expandable={{
            expandedRowRender: (entry) => (
              <Row gutter={12}>
                <Col span={12}>
                  <div style={{ fontWeight: 600, marginBottom: 4 }}>{t('audit.before')}</div>
                  <JsonBlock value={entry.before} empty={t('audit.empty')} />
                </Col>
                <Col span={12}>
                  <div style={{ fontWeight: 600, marginBottom: 4 }}>{t('audit.after')}</div>
                  <JsonBlock value={entry.after} empty={t('audit.empty')} />
                </Col>
                <Col span={24} style={{ marginTop: 6 }}>
                  <span className="tx-muted">#{entry.id} · {t('audit.hash')}: </span>
                  <span className="tx-mono tx-muted" style={{ fontSize: 11 }}>{entry.hash}</span>
                </Col>
              </Row>
            ),
          }}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setParams((p) => ({ ...p, page: pageSize === p.pageSize ? page : 1, pageSize })),
          }}
          data-testid="audit-table"
        />
      </Card>
    </>
  );
}
