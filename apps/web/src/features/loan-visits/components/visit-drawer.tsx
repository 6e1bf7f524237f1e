import { PlusOutlined } from '@ant-design/icons';
import { VISIT_PHOTO_MAX_BYTES, VISIT_PHOTO_MAX_COUNT, operatingStatusLabels, operatingStatuses, type LoanVisit, type LoanVisitRecord } from '@tongxing/contracts';
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Form, Image, Input, InputNumber, Radio, Skeleton, Space, Switch, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { pickLabel } from '../../../shared/i18n';
import { orDash } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { ModelWorkerMark } from '../../loans/loan-labels';
import { yuan } from '../../loans/loan-format';
import { useAddVisitPhoto, useRecordVisit, useVisit, visitPhotoUrl } from '../loan-visits-api';
import { OperatingTag, RiskTag, visitNodeLabel } from '../visit-labels';
import { LoanVisitHistory } from './loan-visit-history';

interface Values {
  doneOn: Dayjs;
  operatingStatus: LoanVisitRecord['operatingStatus'];
  jobsCreated: number;
  useOfFunds: string;
  riskFlag: boolean;
  riskNote?: string;
  problems?: string;
  helpNeeded?: string;
}

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

function Photos({ visit, canAdd }: { visit: LoanVisit; canAdd: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const add = useAddVisitPhoto();
  const showError = useApiError();
  return (
    <Space size={8} wrap data-testid="visit-photos">
      <Image.PreviewGroup>
        {visit.photos.map((p) => (
          <Image key={p.n} src={visitPhotoUrl(visit.id, p.n)} width={88} height={88} style={{ objectFit: 'cover', borderRadius: 6, border: '1px solid #f0f0f0' }} alt={p.fileName} />
        ))}
      </Image.PreviewGroup>
      {canAdd && visit.photos.length < VISIT_PHOTO_MAX_COUNT && (
        <Upload
          accept=".jpg,.jpeg,.png,.webp"
          showUploadList={false}
          listType="picture-card"
          beforeUpload={(file) => {
            if (!PHOTO_TYPES.includes(file.type)) {
              void message.error(t('loanVisits.form.photoBadType'));
              return Upload.LIST_IGNORE;
            }
            if (file.size > VISIT_PHOTO_MAX_BYTES) {
              void message.error(t('loanVisits.form.photoTooLarge'));
              return Upload.LIST_IGNORE;
            }
            return true;
          }}
          customRequest={({ file, onSuccess, onError }) => {
            add.mutate(
              { id: visit.id, file: file as File },
              {
                onSuccess: (v) => {
                  onSuccess?.(v);
                  void message.success(t('loanVisits.form.photoUploaded'));
                },
                onError: (err) => {
                  onError?.(err);
                  showError(err);
                },
              },
            );
          }}
          data-testid="visit-photo-upload"
        >
          <div style={{ color: '#8c8c8c' }}>
            <PlusOutlined />
            <div style={{ marginTop: 4, fontSize: 12 }}>{t('loanVisits.form.photos')}</div>
          </div>
        </Upload>
      )}
    </Space>
  );
}

function RecordForm({ visit, onDone }: { visit: LoanVisit; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const record = useRecordVisit();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const risk = Form.useWatch('riskFlag', form);

  const submit = (v: Values) => {
    const body: LoanVisitRecord = {
      doneOn: v.doneOn.format('YYYY-MM-DD'),
      operatingStatus: v.operatingStatus,
      jobsCreated: v.jobsCreated,
      useOfFunds: v.useOfFunds.trim(),
      riskFlag: v.riskFlag,
      ...(v.riskFlag && v.riskNote?.trim() ? { riskNote: v.riskNote.trim() } : {}),
      ...(v.problems?.trim() ? { problems: v.problems.trim() } : {}),
      ...(v.helpNeeded?.trim() ? { helpNeeded: v.helpNeeded.trim() } : {}),
    };
    record.mutate(
      { id: visit.id, record: body },
      {
        onSuccess: () => {
          void message.success(body.riskFlag ? t('loanVisits.form.recordedRisk') : t('loanVisits.form.recorded'));
          onDone();
        },
        onError: (err) => showError(err, form),
      },
    );
  };
  const required = (field: string) => ({ required: true, whitespace: true, message: t('common.required', { field }) });

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ doneOn: dayjs(), operatingStatus: 'normal', riskFlag: false }}
      requiredMark
      data-testid="visit-record-form"
    >
      <Space size={16} align="start" wrap>
        <Form.Item name="doneOn" label={t('loanVisits.form.doneOn')} rules={[{ required: true, message: t('common.selectRequired', { field: t('loanVisits.form.doneOn') }) }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day') || (!!visit.disbursedOn && d.isBefore(dayjs(visit.disbursedOn), 'day'))} allowClear={false} data-testid="visit-done-on" />
        </Form.Item>
        <Form.Item name="jobsCreated" label={t('loanVisits.form.jobsCreated')} tooltip={t('loanVisits.form.jobsHint', { n: visit.jobsExpected })} rules={[{ required: true, message: t('common.required', { field: t('loanVisits.form.jobsCreated') }) }]}>
          <InputNumber min={0} max={100_000} precision={0} style={{ width: 140 }} placeholder={String(visit.jobsExpected)} data-testid="visit-jobs" />
        </Form.Item>
      </Space>
      <Form.Item name="operatingStatus" label={t('loanVisits.form.operatingStatus')} rules={[{ required: true }]}>
        <Radio.Group optionType="button" buttonStyle="solid" options={operatingStatuses.map((s) => ({ value: s, label: pickLabel(operatingStatusLabels[s], i18n.language) }))} data-testid="visit-operating" />
      </Form.Item>
      <Form.Item name="useOfFunds" label={t('loanVisits.form.useOfFunds')} rules={[required(t('loanVisits.form.useOfFunds'))]}>
        <Input.TextArea rows={2} maxLength={500} showCount placeholder={t('loanVisits.form.useOfFundsPlaceholder')} data-testid="visit-use-of-funds" />
      </Form.Item>
      <Form.Item name="riskFlag" label={t('loanVisits.form.riskFlag')} valuePropName="checked" extra={t('loanVisits.form.riskFlagHint')}>
        <Switch data-testid="visit-risk-flag" />
      </Form.Item>
      {risk && (
        <Form.Item name="riskNote" label={t('loanVisits.form.riskNote')} rules={[required(t('loanVisits.form.riskNote'))]}>
          <Input.TextArea rows={2} maxLength={500} showCount placeholder={t('loanVisits.form.riskNotePlaceholder')} data-testid="visit-risk-note" />
        </Form.Item>
      )}
      <Form.Item name="problems" label={t('loanVisits.form.problems')}>
        <Input.TextArea rows={2} maxLength={1000} data-testid="visit-problems" />
      </Form.Item>
      <Form.Item name="helpNeeded" label={t('loanVisits.form.helpNeeded')}>
        <Input.TextArea rows={2} maxLength={1000} data-testid="visit-help" />
      </Form.Item>
      <Form.Item label={t('loanVisits.form.photos')} extra={t('loanVisits.form.photosHint')}>
        <Photos visit={visit} canAdd />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={record.isPending} block data-testid="visit-submit">
        {t('loanVisits.form.submit')}
      </Button>
    </Form>
  );
}

function RecordView({ visit }: { visit: LoanVisit }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={1} bordered styles={{ label: { width: 140 } }} data-testid="visit-record-view">
      <Descriptions.Item label={t('loanVisits.doneOn')}>{orDash(visit.doneOn)}</Descriptions.Item>
      <Descriptions.Item label={t('loanVisits.doneBy')}>{orDash(visit.doneByName)}</Descriptions.Item>
      <Descriptions.Item label={t('loanVisits.form.operatingStatus')}>
        <OperatingTag status={visit.operatingStatus} />
      </Descriptions.Item>
      <Descriptions.Item label={t('loanVisits.form.jobsCreated')}>{orDash(visit.jobsCreated)}</Descriptions.Item>
      <Descriptions.Item label={t('loanVisits.form.useOfFunds')}>{orDash(visit.useOfFunds)}</Descriptions.Item>
      <Descriptions.Item label={t('loanVisits.risk')}>
        <Space orientation="vertical" size={2}>
          <RiskTag flag={visit.riskFlag} />
          {visit.riskNote && <span style={{ color: '#cf1322' }}>{visit.riskNote}</span>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('loanVisits.form.problems')}>{orDash(visit.problems)}</Descriptions.Item>
      <Descriptions.Item label={t('loanVisits.form.helpNeeded')}>{orDash(visit.helpNeeded)}</Descriptions.Item>
      <Descriptions.Item label={t('loanVisits.form.photos')}>{visit.photos.length > 0 ? <Photos visit={visit} canAdd={false} /> : '—'}</Descriptions.Item>
    </Descriptions>
  );
}

/**
 * One visit: the loan it follows up, the record form (for the responsible union while planned) or what
 * was recorded, and the loan's other visits.
 */
export function VisitDrawer({ visitId, onClose }: { visitId: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [shownId, setShownId] = useState<number | null>(null);
  const id = shownId ?? visitId;
  const { data: visit, isPending } = useVisit(id);
  const close = () => {
    setShownId(null);
    onClose();
  };
  const recordable = !!visit && visit.canRecord && visit.state === 'planned';
  const name = visit ? (visit.enterpriseName ?? visit.borrowerName) : '';

  return (
    <Drawer
      open={visitId !== null}
      onClose={close}
      size={720}
      title={visit ? t(recordable ? 'loanVisits.form.title' : 'loanVisits.form.viewTitle', { name }) : ''}
      destroyOnHidden
      data-testid="visit-drawer"
    >
      {isPending || !visit ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <>
          <Card size="small" title={t('loanVisits.form.loanFacts')} style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={t('loanVisits.borrower')}>
                <ModelWorkerMark level={visit.modelWorkerLevel} />
                {visit.borrowerName}
              </Descriptions.Item>
              <Descriptions.Item label={t('loanVisits.loan')}>
                <Link to={`/loans/${visit.loanId}`} className="tx-mono">
                  {visit.loanReference}
                </Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('loanVisits.enterprise')}>{orDash(visit.enterpriseName)}</Descriptions.Item>
              <Descriptions.Item label={t('loanVisits.amount')}>{yuan(visit.approvedAmountFen)}</Descriptions.Item>
              <Descriptions.Item label={t('loanVisits.disbursedOn')}>{orDash(visit.disbursedOn)}</Descriptions.Item>
              <Descriptions.Item label={t('loanVisits.bank')}>{orDash(visit.bankName)}</Descriptions.Item>
              <Descriptions.Item label={t('loanVisits.node')}>{visitNodeLabel(visit.label, t)}</Descriptions.Item>
              <Descriptions.Item label={t('loanVisits.dueOn')}>{visit.dueOn}</Descriptions.Item>
              <Descriptions.Item label={t('loanVisits.unit')} span={2}>
                {visit.orgName}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          {recordable ? (
            <RecordForm visit={visit} onDone={close} />
          ) : visit.state === 'done' ? (
            <RecordView visit={visit} />
          ) : (
            <Alert type="info" showIcon title={t('loanVisits.form.cannotRecord')} />
          )}
          <Card size="small" title={t('loanVisits.history.title')} style={{ marginTop: 12 }}>
            <LoanVisitHistory loanId={visit.loanId} currentVisitId={visit.id} onOpen={setShownId} />
          </Card>
        </>
      )}
    </Drawer>
  );
}
