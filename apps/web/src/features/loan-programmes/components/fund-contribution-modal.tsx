import type { Programme } from '@tongxing/contracts';
import { App, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKey } from '../../../shared/idempotency';
import { useApiError } from '../../../shared/use-api-error';
import { YuanInput, yuanRule } from '../../loans/components/money-input';
import { yuan, yuanToFen } from '../../loans/loan-format';
import { useFundContribution } from '../programmes-api';

interface Values {
  amount: string;
  postedOn: Dayjs;
  memo?: string;
}

/** 追加资金: money into the programme's fund (ledger: fund cash Dr / fund capital Cr). */
export function FundContributionModal({ programme, open, onClose }: { programme: Programme; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const contribute = useFundContribution();
  const idem = useIdempotencyKey();

  const close = () => {
    idem.done();
    form.resetFields();
    onClose();
  };

  const submit = (v: Values) => {
    const amountFen = yuanToFen(v.amount);
    if (amountFen === null) return;
    contribute.mutate(
      { id: programme.id, idempotencyKey: idem.key(), amountFen, postedOn: v.postedOn.format('YYYY-MM-DD'), ...(v.memo?.trim() ? { memo: v.memo.trim() } : {}) },
      {
        onSuccess: () => {
          void message.success(t('loanProgrammes.fund.added', { amount: yuan(amountFen) }));
          close();
        },
        onError: (e) => showError(e, form),
      },
    );
  };

  return (
    <Modal open={open} title={t('loanProgrammes.fund.title', { name: programme.name })} onCancel={close} onOk={() => form.submit()} okText={t('loanProgrammes.fund.ok')} confirmLoading={contribute.isPending} forceRender>
      <Form<Values> form={form} layout="vertical" requiredMark={false} initialValues={{ postedOn: dayjs() }} onFinish={submit}>
        <Form.Item name="amount" label={t('loanProgrammes.fund.amount')} rules={[yuanRule(t, t('loanProgrammes.fund.amount'))]}>
          <YuanInput />
        </Form.Item>
        <Form.Item name="postedOn" label={t('loanProgrammes.fund.postedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="memo" label={t('loanProgrammes.fund.memo')} rules={[{ max: 300 }]}>
          <Input maxLength={300} placeholder={t('loanProgrammes.fund.memoPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
