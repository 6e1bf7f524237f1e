import { Col, DatePicker, Form, InputNumber, Row } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

export interface AgreementValues {
  discountPct?: number | null;
  subsidyPct?: number | null;
  capPerTxnYuan?: number | null;
  capPerMonthYuan?: number | null;
  valid: [Dayjs, Dayjs];
}

/** An agreement's terms: the member discount and the union subsidy in percent, caps in yuan, the validity dates. */
export function AgreementFields() {
  const { t } = useTranslation();
  return (
    <Row gutter={12}>
      <Col span={12}>
        <Form.Item name="discountPct" label={t('merchants.agreement.discount')} extra={t('merchants.agreement.discountHint')}>
          <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} data-testid="agreement-discount" />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="subsidyPct" label={t('merchants.agreement.subsidy')} extra={t('merchants.agreement.subsidyHint')}>
          <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} data-testid="agreement-subsidy" />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="capPerTxnYuan" label={t('merchants.agreement.capPerTxn')}>
          <InputNumber min={0.01} max={1_000_000} precision={2} prefix="¥" placeholder={t('merchants.agreement.noCap')} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="capPerMonthYuan" label={t('merchants.agreement.capPerMonth')}>
          <InputNumber min={0.01} max={1_000_000} precision={2} prefix="¥" placeholder={t('merchants.agreement.noCap')} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="valid" label={t('merchants.agreement.valid')} rules={[{ required: true, message: t('common.selectRequired', { field: t('merchants.agreement.valid') }) }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
    </Row>
  );
}

const hundredths = (v: number | null | undefined) => (v === null || v === undefined ? undefined : Math.round(v * 100));

/** The form's terms as the API takes them: basis points and fen. */
export function agreementBody(v: AgreementValues) {
  const cap = (x: number | null | undefined) => hundredths(x) ?? null;
  return {
    discountBps: hundredths(v.discountPct) ?? 0,
    subsidyBps: hundredths(v.subsidyPct) ?? 0,
    capPerTxnFen: cap(v.capPerTxnYuan),
    capPerMonthFen: cap(v.capPerMonthYuan),
    validFrom: v.valid[0].format('YYYY-MM-DD'),
    validTo: v.valid[1].format('YYYY-MM-DD'),
  };
}
