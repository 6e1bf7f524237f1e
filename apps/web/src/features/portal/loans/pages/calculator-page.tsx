import { repaymentMethods, type RepaymentMethod } from '@tongxing/domain';
import { Button, DatePicker, Form, Input, Selector } from 'antd-mobile';
import type { DatePickerRef } from 'antd-mobile/es/components/date-picker';
import dayjs from 'dayjs';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PortalPage } from '../../components/portal-page';
import { usePortalMe } from '../../portal-api';
import { usePortalError } from '../../portal-errors';
import { ScheduleSummary, ScheduleTable } from '../components/schedule-table';
import { bpsToPercentText, compactYuan, fenToYuanText, parsePercentToBps, parseYuanToFen } from '../loan-money';
import { useLoanProducts, useSchedulePreview, type PortalLoanProduct, type Schedule } from '../portal-loans-api';
import '../portal-loans.css';

interface Values {
  product: string[];
  amount: string;
  term: string;
  rate: string;
  method: RepaymentMethod[];
  startDate: Date;
}

const CUSTOM = 'custom';

/** A product's defaults: its rate and method, 100,000 yuan and 12 months where the limits allow. */
function productDefaults(p: PortalLoanProduct): Partial<Values> {
  const amount = Math.min(Math.max(10_000_000, p.minAmountFen), p.maxAmountFen);
  const term = Math.min(Math.max(12, p.minTermMonths), p.maxTermMonths);
  return { amount: fenToYuanText(amount), term: String(term), rate: bpsToPercentText(p.currentRateBps), method: [p.repaymentMethod] };
}

/** /m/loans/calculator: public; the schedule comes from the server's preview, the same rule as a real loan's. */
export function LoanCalculatorPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { data: me, isPending: meLoading } = usePortalMe();
  // Products are offered to signed-in members (with their own cap); a visitor types the figures.
  const products = useLoanProducts(!meLoading && !!me);
  const preview = useSchedulePreview();
  const showError = usePortalError();
  const [form] = Form.useForm<Values>();
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  const productId = Form.useWatch('product', form)?.[0];
  const product = products.data?.items.find((p) => String(p.id) === productId);
  const prefilled = useRef(false);

  const compute = (v: Values) => {
    const principalFen = parseYuanToFen(v.amount);
    const annualRateBps = parsePercentToBps(v.rate);
    const months = Number(v.term);
    const method = v.method[0];
    if (principalFen === null || annualRateBps === null || !method) return;
    preview.mutate(
      { principalFen, annualRateBps, months, method, startDate: dayjs(v.startDate).format('YYYY-MM-DD') },
      { onSuccess: setSchedule, onError: (err) => showError(err, form) },
    );
  };

  // The first product fills the form and the schedule shows at once: a worker sees an answer before typing.
  useEffect(() => {
    const first = products.data?.items[0];
    if (prefilled.current || !first) return;
    prefilled.current = true;
    form.setFieldsValue({ product: [String(first.id)], ...productDefaults(first) });
    void form.validateFields().then(compute, () => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the products arrive
  }, [products.data]);

  const pickProduct = (value: string[]) => {
    const p = products.data?.items.find((x) => String(x.id) === value[0]);
    if (p) form.setFieldsValue(productDefaults(p));
    setSchedule(null);
  };

  const amountRule = {
    validator: (_r: unknown, v: string | undefined) => {
      const fen = parseYuanToFen(v);
      if (fen === null || fen <= 0) return Promise.reject(new Error(t('portalLoans.check.amount')));
      if (product && (fen < product.minAmountFen || fen > product.maxAmountFen))
        return Promise.reject(new Error(t('portalLoans.check.amountRange', { min: compactYuan(product.minAmountFen, i18n.language), max: compactYuan(product.maxAmountFen, i18n.language) })));
      return Promise.resolve();
    },
  };
  const termRule = {
    validator: (_r: unknown, v: string | undefined) => {
      const n = Number(v);
      if (!v || !/^\d+$/.test(v) || n < 1 || n > 360) return Promise.reject(new Error(t('portalLoans.check.term')));
      if (product && (n < product.minTermMonths || n > product.maxTermMonths))
        return Promise.reject(new Error(t('portalLoans.check.termRange', { min: product.minTermMonths, max: product.maxTermMonths })));
      return Promise.resolve();
    },
  };
  const rateRule = {
    validator: (_r: unknown, v: string | undefined) => {
      const bps = parsePercentToBps(v);
      return bps === null || bps > 100_000 ? Promise.reject(new Error(t('portalLoans.check.rate'))) : Promise.resolve();
    },
  };

  const productOptions = [
    ...(products.data?.items ?? []).map((p) => ({
      value: String(p.id),
      label: i18n.language === 'en' ? (p.nameEn ?? p.name) : p.name,
      description: `${compactYuan(p.maxAmountFen, i18n.language)} · ${bpsToPercentText(p.currentRateBps)}%`,
    })),
    { value: CUSTOM, label: t('portalLoans.calculator.custom') },
  ];

  return (
    <PortalPage title={t('portalLoans.calculator.title')} back={me ? '/m/loans' : '/m/login'}>
      <p className="tx-m-hint">{t('portalLoans.calculator.intro')}</p>
      <div className="tx-m-card">
        <Form
          form={form}
          layout="horizontal"
          onFinish={compute}
          initialValues={{ product: [CUSTOM], amount: '100000', term: '12', rate: '4.35', method: ['equal_instalment'], startDate: new Date() }}
          footer={
            <Button block type="submit" color="primary" size="large" loading={preview.isPending} data-testid="m-calc-submit">
              {t('portalLoans.calculator.compute')}
            </Button>
          }
        >
          {(products.data?.items.length ?? 0) > 0 && (
            <Form.Item name="product" label={t('portalLoans.calculator.fromProduct')} layout="vertical">
              <Selector columns={2} options={productOptions} onChange={pickProduct} data-testid="m-calc-product" />
            </Form.Item>
          )}
          <Form.Item name="amount" label={t('portalLoans.field.amount')} rules={[amountRule]} extra={<span className="tx-ml-unit">{t('portalLoans.field.amountUnit')}</span>}>
            <Input inputMode="decimal" placeholder={t('portalLoans.field.amountPlaceholder')} clearable data-testid="m-calc-amount" />
          </Form.Item>
          <Form.Item name="term" label={t('portalLoans.field.term')} rules={[termRule]} extra={<span className="tx-ml-unit">{t('portalLoans.field.termUnit')}</span>}>
            <Input inputMode="numeric" maxLength={3} placeholder={t('portalLoans.field.termPlaceholder')} data-testid="m-calc-term" />
          </Form.Item>
          <Form.Item
            name="rate"
            label={t('portalLoans.field.rate')}
            rules={[rateRule]}
            extra={<span className="tx-ml-unit">%</span>}
            description={product ? t('portalLoans.calculator.rateHint', { rate: bpsToPercentText(product.currentRateBps) }) : undefined}
          >
            <Input inputMode="decimal" maxLength={6} placeholder={t('portalLoans.field.ratePlaceholder')} data-testid="m-calc-rate" />
          </Form.Item>
          <Form.Item name="method" label={t('portalLoans.field.method')} layout="vertical" rules={[{ required: true }]}>
            <Selector columns={1} options={repaymentMethods.map((m) => ({ value: m, label: t(`portalLoans.method.${m}`) }))} data-testid="m-calc-method" />
          </Form.Item>
          <Form.Item
            name="startDate"
            label={t('portalLoans.field.startDate')}
            trigger="onConfirm"
            arrowIcon
            onClick={(_e, ref: RefObject<DatePickerRef | null>) => ref.current?.open()}
          >
            <DatePicker min={dayjs().subtract(1, 'year').toDate()} max={dayjs().add(1, 'year').toDate()}>
              {(value) => (value ? dayjs(value).format('YYYY-MM-DD') : '')}
            </DatePicker>
          </Form.Item>
        </Form>
      </div>

      {schedule && (
        <>
          <ScheduleSummary schedule={schedule} />
          <div className="tx-m-section-title">{t('portalLoans.calculator.schedule')}</div>
          <div className="tx-m-card tx-ml-table-card">
            <ScheduleTable rows={schedule.rows} />
          </div>
          <Button block color="primary" fill="outline" size="large" onClick={() => void navigate('/m/loans/apply')} data-testid="m-calc-apply">
            {t('portalLoans.calculator.apply')}
          </Button>
        </>
      )}
    </PortalPage>
  );
}
