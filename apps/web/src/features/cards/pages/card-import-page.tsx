import { CloudUploadOutlined, DownloadOutlined, FileExcelOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import type { CardImportCheck } from '@tongxing/contracts';
import { cardImportColumns } from '@tongxing/contracts';
import { Alert, App, Button, Card, Col, Result, Row, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTimeShort, formatNumber } from '../../../shared/format';
import { useIdempotencyKey } from '../../../shared/idempotency';
import { useApiError } from '../../../shared/use-api-error';
import { downloadCardImportReport, downloadCardImportTemplate, useCardImports, useCheckCardImport, useCommitCardImport, type CardImportSummary } from '../cards-api';
import type { CardImport } from '@tongxing/contracts';

const MAX_MB = 10;
type Issue = CardImportCheck['issues'][number];

/** 导入银行制卡文件: the bank's file of issued and activated cards, checked first (nothing written), then committed. */
export function CardImportPage() {
  const { t, i18n } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const [check, setCheck] = useState<CardImportCheck | null>(null);
  const [result, setResult] = useState<CardImport | null>(null);
  const [busy, setBusy] = useState(false);
  const [page, setPage] = useState({ page: 1, pageSize: 10 });
  const upload = useCheckCardImport();
  const commit = useCommitCardImport();
  const imports = useCardImports(page);
  const idem = useIdempotencyKey();
  const n = (v: number) => formatNumber(v, i18n.language);
  const english = i18n.language === 'en';

  const restart = () => {
    idem.done();
    setCheck(null);
    setResult(null);
    upload.reset();
    commit.reset();
  };

  const send = (file: File) => {
    if (file.size > MAX_MB * 1024 * 1024) {
      void message.error(t('cards.import.tooLarge', { mb: MAX_MB }));
      return;
    }
    setResult(null);
    idem.done();
    upload.mutate(file, { onSuccess: setCheck, onError: (e) => showError(e) });
  };

  const runCommit = (mode: 'all' | 'valid') => {
    if (!check) return;
    commit.mutate(
      { id: check.id, mode, idempotencyKey: idem.key() },
      {
        onSuccess: (r) => {
          idem.done();
          setResult(r);
        },
        onError: (e) => showError(e),
      },
    );
  };

  const report = (id: string | number) => {
    setBusy(true);
    downloadCardImportReport(id, `${t('cards.import.reportFile')}.xlsx`)
      .catch((e: unknown) => showError(e))
      .finally(() => setBusy(false));
  };

  const problems = check ? check.unmatched + check.errors : 0;
  const issueColumns: TableColumnsType<Issue> = [
    { title: t('cards.import.row'), dataIndex: 'row', width: 80, align: 'right', render: (r: number) => t('cards.import.rowN', { row: r }) },
    { title: t('cards.import.kind'), dataIndex: 'kind', width: 100, render: (k: Issue['kind']) => <Tag color={k === 'error' ? 'red' : 'orange'}>{t(`cards.import.kind_${k}`)}</Tag> },
    { title: t('cards.col.member'), key: 'who', width: 200, render: (_v, i) => (i.name ? `${i.name} ${i.idNumberMasked ?? ''}` : (i.idNumberMasked ?? '—')) },
    { title: t('cards.import.column'), dataIndex: 'column', width: 110 },
    { title: t('cards.import.message'), dataIndex: 'message' },
  ];
  const step = result ? 2 : check ? 1 : 0;

  const historyColumns: TableColumnsType<CardImportSummary> = [
    {
      title: t('cards.import.file'),
      dataIndex: 'fileName',
      ellipsis: true,
      render: (v: string, r) => (r.source === 'api' ? <Tag color="blue">{t('cards.import.viaApi')}</Tag> : v),
    },
    { title: t('cards.batches.bank'), dataIndex: 'bankName', width: 200, ellipsis: true },
    { title: t('cards.import.rows'), dataIndex: 'rows', width: 80, align: 'right', render: n },
    { title: t('cards.import.changed'), dataIndex: 'applied', width: 80, align: 'right', render: n },
    { title: t('cards.import.unchanged'), dataIndex: 'unchanged', width: 80, align: 'right', render: n },
    { title: t('cards.import.problems'), key: 'p', width: 90, align: 'right', render: (_v, r) => n(r.unmatched + r.errors) },
    { title: t('cards.batches.createdBy'), dataIndex: 'createdBy', width: 120, ellipsis: true, render: (v: string | null, r) => v ?? r.partnerKeyId ?? '—' },
    { title: t('cards.import.at'), dataIndex: 'createdAt', width: 140, render: formatDateTimeShort },
    {
      title: t('common.actions'),
      key: 'a',
      width: 110,
      render: (_v, r) =>
        r.unmatched + r.errors > 0 ? (
          <Button size="small" type="link" onClick={() => report(r.id)}>
            {t('cards.import.report')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('cards.import.title')}</h2>
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Steps
          size="small"
          current={step}
          status={result ? 'finish' : 'process'}
          items={[{ title: t('cards.import.step1') }, { title: t('cards.import.step2') }, { title: t('cards.import.step3') }]}
          style={{ maxWidth: 760, margin: '4px auto' }}
        />
      </Card>

      {!check && (
        <Card size="small" title={t('cards.import.prepare')}>
          <Row gutter={24}>
            <Col xs={24} lg={10}>
              <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                  {t('cards.import.templateHint')}
                </Typography.Paragraph>
                <Button
                  icon={<DownloadOutlined />}
                  loading={busy}
                  onClick={() => {
                    setBusy(true);
                    downloadCardImportTemplate(`${t('cards.import.templateFile')}.xlsx`)
                      .catch((e: unknown) => showError(e))
                      .finally(() => setBusy(false));
                  }}
                  data-testid="card-import-template"
                >
                  {t('cards.import.template')}
                </Button>
                <Table
                  size="small"
                  rowKey="field"
                  pagination={false}
                  dataSource={[...cardImportColumns]}
                  columns={[
                    { title: t('cards.import.column'), key: 'h', render: (_v, c) => (english ? `${c.header} (${c.en})` : c.header) },
                    { title: t('cards.import.required'), dataIndex: 'required', width: 80, render: (r: boolean) => (r ? t('common.yes') : t('common.no')) },
                  ]}
                />
                <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                  {t('cards.import.statesHint')}
                </Typography.Paragraph>
              </Space>
            </Col>
            <Col xs={24} lg={14}>
              <Upload.Dragger
                accept=".xlsx,.csv"
                multiple={false}
                showUploadList={false}
                disabled={upload.isPending}
                beforeUpload={(file) => {
                  send(file);
                  return false;
                }}
                data-testid="card-import-upload"
              >
                <p className="ant-upload-drag-icon">{upload.isPending ? <CloudUploadOutlined /> : <InboxOutlined />}</p>
                <p className="ant-upload-text">{upload.isPending ? t('cards.import.checking') : t('cards.import.drop')}</p>
                <p className="ant-upload-hint">{t('cards.import.dropHint', { mb: MAX_MB })}</p>
              </Upload.Dragger>
            </Col>
          </Row>
        </Card>
      )}

      {check && !result && (
        <Card
          size="small"
          title={
            <Space>
              <FileExcelOutlined />
              {check.fileName}
              <span className="tx-muted">· {check.bankName}</span>
            </Space>
          }
          extra={
            <Button icon={<ReloadOutlined />} onClick={restart}>
              {t('cards.import.another')}
            </Button>
          }
          data-testid="card-import-check"
        >
          {check.previousImport && (
            <Alert type="warning" showIcon title={t('cards.import.sameFile', { at: formatDateTimeShort(check.previousImport.createdAt) })} style={{ marginBottom: 12 }} />
          )}
          <Row gutter={12} style={{ marginBottom: 12 }}>
            <Col span={4}>
              <Statistic title={t('cards.import.rows')} value={check.rows} />
            </Col>
            <Col span={4}>
              <Statistic title={t('cards.import.applied')} value={check.applied} styles={{ content: { color: '#389e0d' } }} />
            </Col>
            <Col span={4}>
              <Statistic title={t('cards.import.newCards')} value={check.newCards} />
            </Col>
            <Col span={4}>
              <Statistic title={t('cards.import.unchanged')} value={check.unchanged} />
            </Col>
            <Col span={4}>
              <Statistic title={t('cards.import.unmatched')} value={check.unmatched} styles={{ content: { color: check.unmatched ? '#d46b08' : undefined } }} />
            </Col>
            <Col span={4}>
              <Statistic title={t('cards.import.errors')} value={check.errors} styles={{ content: { color: check.errors ? '#cf1322' : undefined } }} />
            </Col>
          </Row>
          {problems > 0 ? (
            <Alert type="error" showIcon title={t('cards.import.hasProblems', { rows: n(problems) })} style={{ marginBottom: 12 }} />
          ) : (
            <Alert type="success" showIcon title={t('cards.import.allValid', { rows: n(check.applied) })} style={{ marginBottom: 12 }} />
          )}
          {check.issues.length > 0 && (
            <Table<Issue>
              size="small"
              rowKey={(i) => `${i.row}-${i.column}-${i.code}`}
              columns={issueColumns}
              dataSource={check.issues}
              pagination={check.issues.length > 10 ? { pageSize: 10 } : false}
              style={{ marginBottom: 12 }}
              data-testid="card-import-issues"
            />
          )}
          <Space>
            {problems === 0 ? (
              <Button type="primary" loading={commit.isPending} disabled={check.applied === 0} onClick={() => runCommit('all')} data-testid="card-import-commit">
                {t('cards.import.commit', { rows: n(check.applied) })}
              </Button>
            ) : (
              <Button
                type="primary"
                loading={commit.isPending}
                disabled={check.applied === 0}
                onClick={() =>
                  modal.confirm({
                    title: t('cards.import.validOnlyConfirm', { rows: n(check.applied) }),
                    content: t('cards.import.validOnlyHint', { rows: n(problems) }),
                    okText: t('cards.import.validOnly'),
                    onOk: () => runCommit('valid'),
                  })
                }
                data-testid="card-import-commit-valid"
              >
                {t('cards.import.validOnly')}
              </Button>
            )}
            {problems > 0 && (
              <Button icon={<DownloadOutlined />} loading={busy} onClick={() => report(check.id)}>
                {t('cards.import.report')}
              </Button>
            )}
          </Space>
        </Card>
      )}

      {result && (
        <Card size="small">
          <Result
            status="success"
            title={t('cards.import.done', { rows: n(result.applied) })}
            subTitle={t('cards.import.doneSub', { unchanged: n(result.unchanged), newCards: n(result.newCards), problems: n(result.unmatched + result.errors) })}
            extra={[
              <Button key="again" type="primary" onClick={restart}>
                {t('cards.import.another')}
              </Button>,
              result.unmatched + result.errors > 0 ? (
                <Button key="report" icon={<DownloadOutlined />} onClick={() => report(result.id)}>
                  {t('cards.import.report')}
                </Button>
              ) : null,
            ]}
          />
        </Card>
      )}

      <Card size="small" title={t('cards.import.history')} style={{ marginTop: 12 }}>
        <Table<CardImportSummary>
          rowKey="id"
          size="small"
          columns={historyColumns}
          dataSource={imports.data?.items ?? []}
          loading={imports.isFetching}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('cards.import.noHistory') }}
          pagination={{ current: page.page, pageSize: page.pageSize, total: imports.data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        />
      </Card>
    </>
  );
}
