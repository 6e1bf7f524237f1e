import { CloudUploadOutlined, DownloadOutlined, FileExcelOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Result, Row, Space, Statistic, Steps, Table, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatNumber } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { OrgTreeSelect } from '../../orgs/components/org-tree-select';
import { holdsMembers } from '../member-labels';
import { downloadImportReport, downloadTemplate, useCheckImport, useCommitImport, type ImportCheck, type ImportProblem, type ImportResult } from '../members-io-api';

const MAX_MB = 20;

export function MemberImportPage() {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const showError = useApiError();
  const [search] = useSearchParams();
  const [orgId, setOrgId] = useState<number | undefined>(() => Number(search.get('orgId')) || undefined);
  const [check, setCheck] = useState<ImportCheck | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState<'template' | 'report' | null>(null);
  const upload = useCheckImport();
  const commit = useCommitImport();
  const n = (v: number) => formatNumber(v, i18n.language);

  const restart = () => {
    setCheck(null);
    setResult(null);
    upload.reset();
    commit.reset();
  };

  const save = (kind: 'template' | 'report', run: () => Promise<void>) => {
    setBusy(kind);
    run()
      .catch((err: unknown) => showError(err))
      .finally(() => setBusy(null));
  };

  const send = (file: File) => {
    if (file.size > MAX_MB * 1024 * 1024) {
      showError(new Error(t('members.import.tooLarge', { mb: MAX_MB })));
      return;
    }
    setResult(null);
    upload.mutate({ file, orgId }, { onSuccess: setCheck, onError: (e) => showError(e) });
  };

  const runCommit = (mode: 'all' | 'valid_only') => {
    if (!check) return;
    commit.mutate({ id: check.id, mode }, { onSuccess: setResult, onError: (e) => showError(e) });
  };

  const confirmValidOnly = () =>
    check &&
    modal.confirm({
      title: t('members.import.validOnlyConfirm', { valid: n(check.validRows) }),
      content: t('members.import.validOnlyHint', { errors: n(check.errorRows) }),
      okText: t('members.import.validOnly'),
      onOk: () => runCommit('valid_only'),
    });

  const step = result ? 2 : check ? 1 : 0;
  const columns: TableColumnsType<ImportProblem> = [
    { title: t('members.import.row'), dataIndex: 'row', width: 80, align: 'right', render: (r: number) => t('members.import.rowN', { row: r }) },
    { title: t('members.import.column'), dataIndex: 'column', width: 140 },
    { title: t('members.import.message'), dataIndex: 'message' },
  ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('members.import.title')}</h2>
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Steps
          size="small"
          current={step}
          status={result ? 'finish' : 'process'}
          items={[{ title: t('members.import.step1') }, { title: t('members.import.step2') }, { title: t('members.import.step3') }]}
          style={{ maxWidth: 760, margin: '4px auto' }}
        />
      </Card>

      {!check && (
        <Card size="small" title={t('members.import.prepare')}>
          <Row gutter={24}>
            <Col xs={24} lg={10}>
              <Form layout="vertical">
                <Form.Item label={t('members.import.defaultUnit')} extra={t('members.import.defaultUnitHint')}>
                  <OrgTreeSelect value={orgId ?? null} onChange={setOrgId} isDisabled={(org) => !holdsMembers(org)} style={{ width: '100%' }} placeholder={t('members.import.defaultUnitPlaceholder')} data-testid="import-unit" />
                </Form.Item>
                <Form.Item label={t('members.import.template')} extra={t('members.import.templateHint')}>
                  <Button icon={<DownloadOutlined />} loading={busy === 'template'} onClick={() => save('template', () => downloadTemplate(t('members.import.templateFile')))} data-testid="import-template">
                    {t('members.import.downloadTemplate')}
                  </Button>
                </Form.Item>
              </Form>
              <Alert type="info" showIcon title={t('members.import.rulesTitle')} description={<ul className="tx-changes">{(t('members.import.rules', { returnObjects: true }) as string[]).map((r) => <li key={r}>{r}</li>)}</ul>} />
            </Col>
            <Col xs={24} lg={14} data-testid="import-upload">
              <Upload.Dragger
                accept=".xlsx,.csv"
                multiple={false}
                showUploadList={false}
                disabled={upload.isPending}
                customRequest={({ file }) => send(file as File)}
                style={{ minHeight: 280 }}
              >
                <p className="ant-upload-drag-icon">{upload.isPending ? <ReloadOutlined spin /> : <InboxOutlined />}</p>
                <p className="ant-upload-text">{upload.isPending ? t('members.import.checking') : t('members.import.drop')}</p>
                <p className="ant-upload-hint">{t('members.import.dropHint', { mb: MAX_MB })}</p>
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
              <span>{t('members.import.checkedTitle', { file: check.fileName })}</span>
            </Space>
          }
          extra={
            <Button size="small" icon={<CloudUploadOutlined />} onClick={restart}>
              {t('members.import.uploadAnother')}
            </Button>
          }
          data-testid="import-check"
        >
          <Row gutter={12} style={{ marginBottom: 12 }}>
            <Col span={6}>
              <Statistic title={t('members.import.totalRows')} value={n(check.totalRows)} />
            </Col>
            <Col span={6}>
              <Statistic title={t('members.import.validRows')} value={n(check.validRows)} styles={{ content: { color: '#389e0d' } }} />
            </Col>
            <Col span={6}>
              <Statistic title={t('members.import.errorRows')} value={n(check.errorRows)} styles={{ content: { color: check.errorRows > 0 ? '#cf1322' : undefined } }} data-testid="import-error-rows" />
            </Col>
          </Row>
          {check.errorRows > 0 ? (
            <Alert
              type="error"
              showIcon
              title={t('members.import.hasErrors', { rows: n(check.errorRows) })}
              description={check.errors.length < check.errorRows ? t('members.import.firstErrors', { shown: check.errors.length }) : undefined}
              action={
                <Button size="small" icon={<DownloadOutlined />} loading={busy === 'report'} onClick={() => save('report', () => downloadImportReport(check.id, t('members.import.reportFile')))} data-testid="import-report">
                  {t('members.import.downloadReport')}
                </Button>
              }
              style={{ marginBottom: 12 }}
            />
          ) : (
            <Alert type="success" showIcon title={t('members.import.allValid', { rows: n(check.validRows) })} style={{ marginBottom: 12 }} />
          )}
          {check.errors.length > 0 && (
            <Table<ImportProblem>
              rowKey={(e) => `${e.row}-${e.field}-${e.code}`}
              size="small"
              columns={columns}
              dataSource={check.errors}
              pagination={check.errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              style={{ marginBottom: 12 }}
              data-testid="import-errors"
            />
          )}
          <Space>
            <Button type="primary" disabled={!check.canCommit || check.errorRows > 0} loading={commit.isPending && commit.variables?.mode === 'all'} onClick={() => runCommit('all')} data-testid="import-commit-all">
              {t('members.import.commitAll')}
            </Button>
            <Button disabled={!check.canCommit || check.validRows === 0 || check.errorRows === 0} loading={commit.isPending && commit.variables?.mode === 'valid_only'} onClick={confirmValidOnly} data-testid="import-commit-valid">
              {t('members.import.validOnly')}
            </Button>
            {check.errorRows > 0 && <Typography.Text type="secondary">{t('members.import.commitAllDisabled')}</Typography.Text>}
          </Space>
        </Card>
      )}

      {result && (
        <Card size="small">
          <Result
            status="success"
            title={t('members.import.doneTitle', { rows: n(result.importedRows) })}
            subTitle={result.skippedRows > 0 ? t('members.import.doneSkipped', { rows: n(result.skippedRows) }) : undefined}
            extra={[
              <Link key="roster" to={orgId ? `/members?orgId=${orgId}` : '/members'}>
                <Button type="primary">{t('members.import.toRoster')}</Button>
              </Link>,
              <Button key="again" onClick={restart}>
                {t('members.import.again')}
              </Button>,
            ]}
            data-testid="import-done"
          />
        </Card>
      )}
    </>
  );
}
