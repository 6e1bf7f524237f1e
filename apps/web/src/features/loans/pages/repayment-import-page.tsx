import { CloudUploadOutlined, DownloadOutlined, FileExcelOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Result, Row, Space, Statistic, Steps, Table, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../../../shared/format';
import { useIdempotencyKey } from '../../../shared/idempotency';
import { useApiError } from '../../../shared/use-api-error';
import { yuan } from '../loan-format';
import {
  downloadRepaymentTemplate,
  useCheckRepaymentImport,
  useCommitRepaymentImport,
  type RepaymentImportCheck,
  type RepaymentImportError,
  type RepaymentImportResult,
} from '../loans-api';

const MAX_MB = 10;

/** 导入还款文件: the bank's file of repayments, checked first (dry run), then applied row by row. */
export function RepaymentImportPage() {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const showError = useApiError();
  const [check, setCheck] = useState<RepaymentImportCheck | null>(null);
  const [result, setResult] = useState<RepaymentImportResult | null>(null);
  const [fileName, setFileName] = useState('');
  const [busy, setBusy] = useState(false);
  const upload = useCheckRepaymentImport();
  const commit = useCommitRepaymentImport();
  const idem = useIdempotencyKey();
  const n = (v: number) => formatNumber(v, i18n.language);
  const errorRows = check ? new Set(check.errors.map((e) => e.row)).size : 0;

  const restart = () => {
    idem.done();
    setCheck(null);
    setResult(null);
    upload.reset();
    commit.reset();
  };

  const send = (file: File) => {
    if (file.size > MAX_MB * 1024 * 1024) {
      showError(new Error(t('loans.import.tooLarge', { mb: MAX_MB })));
      return;
    }
    setFileName(file.name);
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

  const confirmValidOnly = () =>
    check &&
    modal.confirm({
      title: t('loans.import.validOnlyConfirm', { valid: n(check.valid) }),
      content: t('loans.import.validOnlyHint', { errors: n(errorRows) }),
      okText: t('loans.import.validOnly'),
      onOk: () => runCommit('valid'),
    });

  const columns: TableColumnsType<RepaymentImportError> = [
    { title: t('loans.import.row'), dataIndex: 'row', width: 90, align: 'right', render: (r: number) => t('loans.import.rowN', { row: r }) },
    { title: t('loans.import.column'), dataIndex: 'column', width: 160, render: (c: string | null) => c ?? '—' },
    { title: t('loans.import.message'), dataIndex: 'message' },
  ];
  const step = result ? 2 : check ? 1 : 0;

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('loans.import.title')}</h2>
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Steps
          size="small"
          current={step}
          status={result ? 'finish' : 'process'}
          items={[{ title: t('loans.import.step1') }, { title: t('loans.import.step2') }, { title: t('loans.import.step3') }]}
          style={{ maxWidth: 760, margin: '4px auto' }}
        />
      </Card>

      {!check && (
        <Card size="small" title={t('loans.import.prepare')}>
          <Row gutter={24}>
            <Col xs={24} lg={10}>
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <div>
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                    {t('loans.import.templateHint')}
                  </Typography.Paragraph>
                  <Button
                    icon={<DownloadOutlined />}
                    loading={busy}
                    onClick={() => {
                      setBusy(true);
                      downloadRepaymentTemplate(t('loans.import.templateFile'))
                        .catch((e: unknown) => showError(e))
                        .finally(() => setBusy(false));
                    }}
                    data-testid="repayment-template"
                  >
                    {t('loans.import.downloadTemplate')}
                  </Button>
                </div>
                <Alert
                  type="info"
                  showIcon
                  title={t('loans.import.rulesTitle')}
                  description={
                    <ul className="tx-changes" style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                      {(t('loans.import.rules', { returnObjects: true }) as string[]).map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  }
                />
              </Space>
            </Col>
            <Col xs={24} lg={14}>
              <Upload.Dragger accept=".xlsx,.csv" multiple={false} showUploadList={false} disabled={upload.isPending} customRequest={({ file }) => send(file as File)} style={{ minHeight: 260 }} data-testid="repayment-upload">
                <p className="ant-upload-drag-icon">{upload.isPending ? <ReloadOutlined spin /> : <InboxOutlined />}</p>
                <p className="ant-upload-text">{upload.isPending ? t('loans.import.checking') : t('loans.import.drop')}</p>
                <p className="ant-upload-hint">{t('loans.import.dropHint', { mb: MAX_MB })}</p>
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
              <FileExcelOutlined style={{ color: '#389e0d' }} />
              {t('loans.import.checkedTitle', { file: check.fileName || fileName })}
            </Space>
          }
          extra={
            <Button size="small" icon={<CloudUploadOutlined />} onClick={restart}>
              {t('loans.import.uploadAnother')}
            </Button>
          }
          data-testid="repayment-check"
        >
          <Row gutter={12} style={{ marginBottom: 12 }}>
            <Col span={6}>
              <Statistic title={t('loans.import.rows')} value={n(check.rows)} />
            </Col>
            <Col span={6}>
              <Statistic title={t('loans.import.valid')} value={n(check.valid)} styles={{ content: { color: '#389e0d' } }} />
            </Col>
            <Col span={6}>
              <Statistic
                title={t('loans.import.errorRows')}
                value={n(errorRows)}
                suffix={check.duplicates > 0 ? <span className="tx-muted" style={{ fontSize: 13 }}>{t('loans.import.duplicates', { rows: n(check.duplicates) })}</span> : undefined}
                styles={{ content: { color: errorRows > 0 ? '#cf1322' : undefined } }}
              />
            </Col>
            <Col span={6}>
              <Statistic title={t('loans.import.total')} value={yuan(check.totalFen)} />
            </Col>
          </Row>
          {errorRows > 0 ? (
            <Alert type="error" showIcon title={t('loans.import.hasErrors', { rows: n(errorRows) })} style={{ marginBottom: 12 }} />
          ) : (
            <Alert type="success" showIcon title={t('loans.import.allValid', { rows: n(check.valid) })} style={{ marginBottom: 12 }} />
          )}
          {check.errors.length > 0 && (
            <Table<RepaymentImportError>
              rowKey={(e) => `${e.row}-${e.column ?? ''}-${e.code}`}
              size="small"
              columns={columns}
              dataSource={check.errors}
              pagination={check.errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              style={{ marginBottom: 12 }}
              data-testid="repayment-errors"
            />
          )}
          <Space>
            <Button type="primary" disabled={errorRows > 0 || check.valid === 0} loading={commit.isPending && commit.variables?.mode === 'all'} onClick={() => runCommit('all')} data-testid="repayment-commit">
              {t('loans.import.commitAll')}
            </Button>
            <Button disabled={check.valid === 0 || errorRows === 0} loading={commit.isPending && commit.variables?.mode === 'valid'} onClick={confirmValidOnly}>
              {t('loans.import.validOnly')}
            </Button>
            {errorRows > 0 && <Typography.Text type="secondary">{t('loans.import.commitAllDisabled')}</Typography.Text>}
          </Space>
        </Card>
      )}

      {result && (
        <Card size="small">
          <Result
            status="success"
            title={t('loans.import.doneTitle', { rows: n(result.applied) })}
            subTitle={[
              t('loans.import.doneTotal', { amount: yuan(result.appliedFen) }),
              result.skipped ? t('loans.import.doneSkipped', { rows: n(result.skipped) }) : '',
              result.settledLoans ? t('loans.import.doneSettled', { count: result.settledLoans }) : '',
            ]
              .filter(Boolean)
              .join('；')}
            extra={[
              <Link key="book" to="/loans?state=repaying">
                <Button type="primary">{t('loans.import.toBook')}</Button>
              </Link>,
              <Button key="again" onClick={restart}>
                {t('loans.import.again')}
              </Button>,
            ]}
            data-testid="repayment-import-done"
          />
        </Card>
      )}
    </>
  );
}
