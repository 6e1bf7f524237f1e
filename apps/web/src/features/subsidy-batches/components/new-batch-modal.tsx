import { Alert, App, DatePicker, Descriptions, Form, Modal, Radio, Select, Spin } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKey } from '../../../shared/idempotency';
import { useApiError } from '../../../shared/use-api-error';
import { useProgrammes } from '../../loan-programmes/programmes-api';
import { yuan } from '../../loans/loan-format';
import { usePendingSubsidies, usePrepareBatch, type SubsidyBatchDetail, type SubsidyKind } from '../subsidy-batches-api';

interface Values {
  programmeId: number;
  kind: SubsidyKind;
  upTo: Dayjs;
}

/** 新建批次: the subsidies earned up to a date and not yet paid, gathered for a second cadre to approve. */
export function NewBatchModal({ open, onClose, onPrepared }: { open: boolean; onClose: () => void; onPrepared: (b: SubsidyBatchDetail) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const programmes = useProgrammes(open);
  const prepare = usePrepareBatch();
  const idem = useIdempotencyKey();
  const programmeId = Form.useWatch('programmeId', form);
  const kind = Form.useWatch('kind', form) ?? 'premium';
  const upTo = Form.useWatch('upTo', form) as Dayjs | undefined;
  const pending = usePendingSubsidies(open ? programmeId : undefined, kind, upTo?.format('YYYY-MM-DD'));
  const empty = pending.data?.itemCount === 0;

  const close = () => {
    idem.done();
    form.resetFields();
    onClose();
  };

  const submit = (v: Values) =>
    prepare.mutate(
      { programmeId: v.programmeId, kind: v.kind, upTo: v.upTo.format('YYYY-MM-DD'), idempotencyKey: idem.key() },
      {
        onSuccess: (b) => {
          void message.success(t('subsidyBatches.prepared', { count: b.itemCount, total: yuan(b.totalFen) }));
          close();
          onPrepared(b);
        },
        onError: (e) => showError(e, form),
      },
    );

  const items = programmes.data?.items ?? [];
  return (
    <Modal
      open={open}
      title={t('subsidyBatches.new')}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('subsidyBatches.prepare')}
      okButtonProps={{ disabled: empty, 'data-testid': 'batch-prepare' }}
      confirmLoading={prepare.isPending}
      forceRender
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ kind: 'premium', upTo: dayjs(), ...(items.length === 1 ? { programmeId: items[0]?.id } : {}) }}
        onFinish={submit}
      >
        <Form.Item name="programmeId" label={t('subsidyBatches.programme')} rules={[{ required: true, message: t('common.selectRequired', { field: t('subsidyBatches.programme') }) }]}>
          <Select
            options={items.map((p) => ({ value: p.id, label: i18n.language === 'en' ? (p.nameEn ?? p.name) : p.name }))}
            loading={programmes.isLoading}
            data-testid="batch-programme"
          />
        </Form.Item>
        <Form.Item name="kind" label={t('subsidyBatches.kind')}>
          <Radio.Group optionType="button" options={(['premium', 'interest'] as const).map((k) => ({ value: k, label: t(`subsidyBatches.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="upTo" label={t('subsidyBatches.upTo')} extra={t('subsidyBatches.upToHint')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </Form>
      {programmeId && (
        <Spin spinning={pending.isFetching}>
          {pending.data && pending.data.itemCount > 0 && (
            <Descriptions
              size="small"
              bordered
              column={2}
              items={[
                { key: 'n', label: t('subsidyBatches.items'), children: <span data-testid="batch-pending-count">{pending.data.itemCount}</span> },
                { key: 't', label: t('subsidyBatches.total'), children: <strong className="tx-money" data-testid="batch-pending-total">{yuan(pending.data.totalFen)}</strong> },
              ]}
            />
          )}
          {empty && <Alert type="info" showIcon title={t('subsidyBatches.nothing')} />}
        </Spin>
      )}
    </Modal>
  );
}
