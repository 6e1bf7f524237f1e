import { AuditOutlined } from '@ant-design/icons';
import type { Loan } from '@tongxing/contracts';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKey } from '../../../shared/idempotency';
import { useApiError } from '../../../shared/use-api-error';
import { bpsToPercentText, fenToYuanText, percentToBps, ratePct, yuan, yuanToFen } from '../loan-format';
import { stepLabel } from '../loan-labels';
import { useLoanDecision, type DecisionInput } from '../loans-api';
import { PercentInput, YuanInput, percentRule, yuanRule } from './money-input';

interface Values {
  decision: 'approve' | 'return' | 'reject';
  comment?: string;
  approvedAmount?: string;
  rate?: string;
  termMonths?: number;
  policyNo?: string;
  guaranteeNo?: string;
  contractNo?: string;
}

/**
 * The decision of the step waiting on my unit. Partner steps carry their numbers: the insurer's policy,
 * the guarantor's guarantee, the city's confirmed amount, the bank's contract and final terms.
 */
export function DecisionForm({ loan }: { loan: Loan }) {
  const { t, i18n } = useTranslation();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useApiError();
  const decide = useLoanDecision();
  const idem = useIdempotencyKey();
  const decision = Form.useWatch('decision', form) ?? 'approve';
  const step = loan.stepIndex !== null ? loan.pipeline[loan.stepIndex] : undefined;
  const party = step?.party;
  const approving = decision === 'approve';
  const allowed = (d: Values['decision']) => loan.actions.includes(d === 'approve' ? 'approve_step' : d);

  const send = (v: Values) => {
    const body: DecisionInput = { decision: v.decision, version: loan.version };
    if (v.comment?.trim()) body.comment = v.comment.trim();
    if (v.decision === 'approve') {
      if ((party === 'city' || party === 'bank') && v.approvedAmount) body.approvedAmountFen = yuanToFen(v.approvedAmount) ?? undefined;
      if (party === 'bank') {
        if (v.rate) body.annualRateBps = percentToBps(v.rate) ?? undefined;
        if (v.termMonths) body.termMonths = v.termMonths;
        if (v.contractNo?.trim()) body.contractNo = v.contractNo.trim();
      }
      if (party === 'insurer' && v.policyNo?.trim()) body.policyNo = v.policyNo.trim();
      if (party === 'guarantor' && v.guaranteeNo?.trim()) body.guaranteeNo = v.guaranteeNo.trim();
    }
    decide.mutate(
      { id: loan.id, idempotencyKey: idem.key(), ...body },
      {
        onSuccess: () => {
          idem.done();
          form.resetFields();
          void message.success(t(`loans.decision.done.${v.decision}`));
        },
        onError: (err) => showError(err, form),
      },
    );
  };

  const submit = (v: Values) => {
    if (v.decision === 'approve') return send(v);
    modal.confirm({
      title: t(`loans.decision.confirm.${v.decision}`),
      content: t(`loans.decision.confirmText.${v.decision}`),
      okText: t(`loans.decision.${v.decision}`),
      okButtonProps: { danger: v.decision === 'reject' },
      onOk: () => send(v),
    });
  };

  const requested = loan.amountRequestedFen;
  const defaultAmount = loan.approvedAmountFen ?? requested;
  const initial: Values = {
    decision: 'approve',
    approvedAmount: fenToYuanText(defaultAmount),
    rate: bpsToPercentText(loan.annualRateBps),
    termMonths: loan.termMonths ?? loan.termRequestedMonths,
  };
  const req = (field: string) => ({ required: approving, whitespace: true, message: t('common.required', { field }) });

  return (
    <Card
      size="small"
      className="tx-action-card"
      title={
        <Space>
          <AuditOutlined />
          {t('loans.decision.title', { step: step ? stepLabel(step, i18n.language) : '' })}
        </Space>
      }
      data-testid="decision-form"
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} requiredMark={false}>
        <Form.Item name="decision" label={t('loans.decision.label')}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="decision-choice">
            <Radio.Button value="approve" disabled={!allowed('approve')}>
              {t('loans.decision.approve')}
            </Radio.Button>
            <Radio.Button value="return" disabled={!allowed('return')}>
              {t('loans.decision.return')}
            </Radio.Button>
            <Radio.Button value="reject" disabled={!allowed('reject')}>
              {t('loans.decision.reject')}
            </Radio.Button>
          </Radio.Group>
        </Form.Item>

        {approving && party === 'city' && (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="approvedAmount" label={t('loans.decision.confirmedAmount')} rules={[yuanRule(t, t('loans.decision.confirmedAmount'))]} extra={t('loans.decision.requested', { amount: yuan(requested) })}>
                <YuanInput data-testid="decision-amount" />
              </Form.Item>
            </Col>
          </Row>
        )}
        {approving && party === 'insurer' && (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="policyNo" label={t('loans.policyNo')} rules={[req(t('loans.policyNo')), { max: 60 }]}>
                <Input maxLength={60} data-testid="decision-policy-no" />
              </Form.Item>
            </Col>
          </Row>
        )}
        {approving && party === 'guarantor' && (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="guaranteeNo" label={t('loans.guaranteeNo')} rules={[req(t('loans.guaranteeNo')), { max: 60 }]}>
                <Input maxLength={60} data-testid="decision-guarantee-no" />
              </Form.Item>
            </Col>
          </Row>
        )}
        {approving && party === 'bank' && (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="contractNo" label={t('loans.contractNo')} rules={[req(t('loans.contractNo')), { max: 60 }]}>
                <Input maxLength={60} data-testid="decision-contract-no" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="approvedAmount" label={t('loans.decision.finalAmount')} rules={[yuanRule(t, t('loans.decision.finalAmount'))]} extra={loan.approvedAmountFen ? t('loans.decision.cityConfirmed', { amount: yuan(loan.approvedAmountFen) }) : undefined}>
                <YuanInput data-testid="decision-amount" />
              </Form.Item>
            </Col>
            <Col span={12}>
              {/* Left empty, the server applies the product's rate in force today (fixed, or LPR + spread). */}
              <Form.Item
                name="rate"
                label={t('loans.decision.finalRate')}
                rules={[percentRule(t, t('loans.decision.finalRate'), { required: false, maxBps: 100_000 })]}
                extra={loan.annualRateBps ? t('loans.decision.productRate', { rate: ratePct(loan.annualRateBps) }) : t('loans.decision.rateDefault')}
              >
                <PercentInput placeholder={t('loans.decision.ratePlaceholder')} data-testid="decision-rate" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="termMonths" label={t('loans.decision.finalTerm')} rules={[{ required: true, message: t('common.required', { field: t('loans.decision.finalTerm') }) }]}>
                <InputNumber min={1} max={360} precision={0} suffix={t('loans.monthsUnit')} style={{ width: '100%' }} data-testid="decision-term" />
              </Form.Item>
            </Col>
          </Row>
        )}

        <Form.Item
          name="comment"
          label={approving ? t('loans.decision.comment') : t('loans.decision.reason')}
          rules={approving ? [{ max: 1000 }] : [{ required: true, whitespace: true, message: t('loans.decision.reasonRequired') }, { max: 1000 }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder={approving ? t('loans.decision.commentPlaceholder') : t('loans.decision.reasonPlaceholder')} data-testid="decision-comment" />
        </Form.Item>
        {decision === 'return' && <Alert type="warning" showIcon title={t('loans.decision.returnHint')} style={{ marginBottom: 12 }} />}
        {decision === 'reject' && <Alert type="error" showIcon title={t('loans.decision.rejectHint')} style={{ marginBottom: 12 }} />}
        <Button type="primary" danger={decision === 'reject'} htmlType="submit" loading={decide.isPending} data-testid="decision-submit">
          {t(`loans.decision.submit.${decision}`)}
        </Button>
      </Form>
    </Card>
  );
}
