import { isValidUscc, normaliseUscc } from '@tongxing/domain';
import { Button, Checkbox, DatePicker, DotLoading, Empty, Form, Input, Result, Selector, TextArea } from 'antd-mobile';
import type { DatePickerRef } from 'antd-mobile/es/components/date-picker';
import dayjs from 'dayjs';
import { useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PortalPage } from '../../components/portal-page';
import { usePortalError } from '../../portal-errors';
import { AttachmentItem } from '../components/attachment-item';
import { bpsToPercentText, compactYuan, parseYuanToFen } from '../loan-money';
import { attachmentKinds, useLoanProducts, type AttachmentKind, type PortalLoanProduct } from '../portal-loans-api';
import { onFormFields, useApplyFlow, type ApplyOutcome } from '../use-apply-flow';
import '../portal-loans.css';

interface Values {
  product: string[];
  amount: string;
  term: string;
  purpose: string;
  enterpriseName?: string;
  enterpriseCreditCode?: string;
  foundedOn?: Date;
  employees?: string;
  enterpriseIndustry?: string;
  jobs?: string;
  declares: boolean;
}

const wholeNumber = (v: string | undefined) => (v && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined);
const text = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);

/** /m/loans/apply: a signed-in member applies for a business loan (创保贷). */
export function LoanApplyPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const products = useLoanProducts();
  const flow = useApplyFlow();
  const showError = usePortalError();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<Partial<Record<AttachmentKind, File | null>>>({});
  const [outcome, setOutcome] = useState<ApplyOutcome | null>(null);
  const productId = Form.useWatch('product', form)?.[0];
  const creditCode = Form.useWatch('enterpriseCreditCode', form);
  const product: PortalLoanProduct | undefined = products.data?.items.find((p) => String(p.id) === productId);
  const en = i18n.language === 'en';

  const onFinish = async (v: Values) => {
    if (!product) return;
    const code = text(v.enterpriseCreditCode);
    const input = {
      productId: product.id,
      amountFen: parseYuanToFen(v.amount) ?? 0,
      termMonths: Number(v.term),
      purpose: v.purpose.trim(),
      ...(text(v.enterpriseName) ? { enterpriseName: text(v.enterpriseName) } : {}),
      ...(code ? { enterpriseCreditCode: normaliseUscc(code) } : {}),
      ...(v.foundedOn ? { enterpriseFoundedOn: dayjs(v.foundedOn).format('YYYY-MM-DD') } : {}),
      ...(wholeNumber(v.employees) !== undefined ? { enterpriseEmployees: wholeNumber(v.employees) } : {}),
      ...(text(v.enterpriseIndustry) ? { enterpriseIndustry: text(v.enterpriseIndustry) } : {}),
      jobsExpected: wholeNumber(v.jobs) ?? 0,
      declaresNoBadCredit: v.declares,
    };
    try {
      const result = await flow.run(input, files);
      setOutcome(result);
      window.scrollTo(0, 0);
    } catch (err) {
      showError(onFormFields(err), form);
    }
  };

  if (outcome?.kind === 'submitted') {
    return (
      <PortalPage title={t('portalLoans.apply.title')} back="/m/loans">
        <div className="tx-m-form-card" style={{ padding: '8px 16px 20px' }} data-testid="m-loan-done">
          <Result status="success" title={t('portalLoans.apply.doneTitle')} description={t('portalLoans.apply.doneText')} />
          <div style={{ fontSize: 13, color: '#888', textAlign: 'center' }}>{t('portalLoans.detail.reference')}</div>
          <div className="tx-m-reference" data-testid="m-loan-reference">
            {outcome.loan.reference}
          </div>
          <div className="tx-m-actions">
            <Button block color="primary" size="large" onClick={() => void navigate(`/m/loans/${outcome.loan.id}`)} data-testid="m-loan-to-detail">
              {t('portalLoans.apply.toMyLoans')}
            </Button>
            <Button block size="large" onClick={() => void navigate('/m')}>
              {t('portalLoans.apply.home')}
            </Button>
          </div>
        </div>
      </PortalPage>
    );
  }

  const required = (field: string) => ({ required: true, whitespace: true, message: t('portal.check.required', { field }) });
  const enterpriseNeeded = product?.borrowerType === 'enterprise';
  const amountRule = {
    validator: (_r: unknown, v: string | undefined) => {
      const fen = parseYuanToFen(v);
      if (fen === null || fen <= 0) return Promise.reject(new Error(t('portalLoans.check.amount')));
      // A model worker may borrow more than the product's usual cap: myMaxAmountFen is the one that applies.
      if (product && (fen < product.minAmountFen || fen > product.myMaxAmountFen))
        return Promise.reject(new Error(t('portalLoans.check.amountRange', { min: compactYuan(product.minAmountFen, i18n.language), max: compactYuan(product.myMaxAmountFen, i18n.language) })));
      return Promise.resolve();
    },
  };
  const termRule = {
    validator: (_r: unknown, v: string | undefined) => {
      const n = wholeNumber(v);
      if (n === undefined) return Promise.reject(new Error(t('portalLoans.check.term')));
      if (product && (n < product.minTermMonths || n > product.maxTermMonths))
        return Promise.reject(new Error(t('portalLoans.check.termRange', { min: product.minTermMonths, max: product.maxTermMonths })));
      return Promise.resolve();
    },
  };
  const usccRule = {
    validator: (_r: unknown, v: string | undefined) => {
      const code = text(v);
      if (!code) return enterpriseNeeded ? Promise.reject(new Error(t('portalLoans.check.enterpriseRequired'))) : Promise.resolve();
      return isValidUscc(normaliseUscc(code)) ? Promise.resolve() : Promise.reject(new Error(t('portalLoans.check.creditCode')));
    },
  };
  const numberRule = { validator: (_r: unknown, v: string | undefined) => (!text(v) || wholeNumber(v) !== undefined ? Promise.resolve() : Promise.reject(new Error(t('portalLoans.check.number')))) };
  const codeNow = text(creditCode);
  const codeOk = !!codeNow && codeNow.length === 18 && isValidUscc(normaliseUscc(codeNow));
  const busyText = flow.phase === 'uploading' ? t('portalLoans.apply.uploading') : t('portalLoans.apply.submitting');

  return (
    <PortalPage title={t('portalLoans.apply.title')} back="/m/loans">
      <p className="tx-m-hint">{t('portalLoans.apply.intro')}</p>
      {outcome?.kind === 'refused' && (
        <div className="tx-ml-refusal" data-testid="m-loan-refusal">
          <h3>{t('portalLoans.apply.refusedTitle')}</h3>
          <p>{t('portalLoans.apply.refusedText')}</p>
          <ul>
            {outcome.reasons.map((r) => (
              <li key={r.code} data-testid="m-loan-refusal-reason">
                {en ? r.en : r.zh}
              </li>
            ))}
          </ul>
          <p style={{ marginTop: 6 }}>{t('portalLoans.apply.draftKept', { reference: outcome.reference })}</p>
        </div>
      )}
      {products.isPending ? (
        <div style={{ textAlign: 'center', padding: 32 }}>
          <DotLoading color="primary" />
        </div>
      ) : (products.data?.items.length ?? 0) === 0 ? (
        <Empty description={t('portalLoans.apply.noProducts')} />
      ) : (
        <Form
          form={form}
          layout="horizontal"
          mode="card"
          onFinish={(v) => void onFinish(v)}
          initialValues={{ product: products.data?.items.length === 1 ? [String(products.data.items[0]?.id)] : [], declares: false, jobs: '' }}
          footer={
            <Button block type="submit" color="primary" size="large" loading={flow.busy} loadingText={busyText} disabled={flow.busy} data-testid="m-apply-submit">
              {outcome?.kind === 'refused' ? t('portalLoans.apply.retry') : t('portalLoans.apply.submit')}
            </Button>
          }
        >
          <Form.Header>{t('portalLoans.apply.sectionProduct')}</Form.Header>
          <Form.Item name="product" rules={[{ required: true, message: t('portalLoans.check.product') }]} className="tx-ml-products">
            <Selector
              columns={1}
              data-testid="m-apply-product"
              onChange={() => void form.validateFields(['amount', 'term']).catch(() => undefined)}
              options={(products.data?.items ?? []).map((p) => ({
                value: String(p.id),
                label: `${en ? (p.nameEn ?? p.name) : p.name}（${p.borrowerType === 'enterprise' ? t('portalLoans.apply.enterprise') : t('portalLoans.apply.individual')}）`,
                description: t('portalLoans.apply.limits', {
                  // "1 万–20 万 元" reads as people say limits; "10000–200000" had to be counted.
                  min: compactYuan(p.minAmountFen, i18n.language),
                  max: compactYuan(p.myMaxAmountFen, i18n.language),
                  tmin: p.minTermMonths,
                  tmax: p.maxTermMonths,
                  rate: bpsToPercentText(p.currentRateBps),
                }),
              }))}
            />
          </Form.Item>

          <Form.Header>{t('portalLoans.apply.sectionLoan')}</Form.Header>
          <Form.Item name="amount" label={t('portalLoans.field.amount')} rules={[amountRule]} dependencies={['product']} extra={<span className="tx-ml-unit">{t('portalLoans.field.amountUnit')}</span>}>
            <Input inputMode="decimal" placeholder={t('portalLoans.field.amountPlaceholder')} data-testid="m-apply-amount" />
          </Form.Item>
          <Form.Item name="term" label={t('portalLoans.field.term')} rules={[termRule]} dependencies={['product']} extra={<span className="tx-ml-unit">{t('portalLoans.field.termUnit')}</span>}>
            <Input inputMode="numeric" maxLength={3} placeholder={t('portalLoans.field.termPlaceholder')} data-testid="m-apply-term" />
          </Form.Item>
          <Form.Item name="purpose" label={t('portalLoans.field.purpose')} layout="vertical" rules={[required(t('portalLoans.field.purpose')), { min: 2, message: t('portalLoans.check.purpose') }]}>
            <TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('portalLoans.field.purposePlaceholder')} data-testid="m-apply-purpose" />
          </Form.Item>
          <Form.Item name="jobs" label={t('portalLoans.field.jobsExpected')} rules={[numberRule]} extra={<span className="tx-ml-unit">{t('portalLoans.field.jobsUnit')}</span>}>
            <Input inputMode="numeric" maxLength={6} placeholder="0" data-testid="m-apply-jobs" />
          </Form.Item>

          <Form.Header>{t('portalLoans.apply.sectionEnterprise')}</Form.Header>
          <Form.Item description={t('portalLoans.apply.sectionEnterpriseHint')}>
            <span />
          </Form.Item>
          <Form.Item name="enterpriseName" label={t('portalLoans.field.enterpriseName')} rules={enterpriseNeeded ? [required(t('portalLoans.field.enterpriseName'))] : []} dependencies={['product']}>
            <Input maxLength={100} placeholder={t('portalLoans.field.enterpriseNamePlaceholder')} data-testid="m-apply-enterprise" />
          </Form.Item>
          <Form.Item
            name="enterpriseCreditCode"
            label={t('portalLoans.field.creditCode')}
            rules={[usccRule]}
            dependencies={['product']}
            validateTrigger={['onBlur', 'onChange']}
            description={codeOk ? <span className="tx-ml-uscc-ok" data-testid="m-apply-uscc-ok">✓ {t('portalLoans.check.creditCodeOk')}</span> : undefined}
          >
            <Input maxLength={18} placeholder={t('portalLoans.field.creditCodePlaceholder')} autoComplete="off" style={{ textTransform: 'uppercase' }} data-testid="m-apply-uscc" />
          </Form.Item>
          <Form.Item name="foundedOn" label={t('portalLoans.field.foundedOn')} trigger="onConfirm" arrowIcon onClick={(_e, ref: RefObject<DatePickerRef | null>) => ref.current?.open()}>
            <DatePicker min={new Date(1980, 0, 1)} max={new Date()}>
              {(value) => (value ? dayjs(value).format('YYYY-MM-DD') : <span className="tx-m-unit-placeholder">{t('portal.field.choose')}</span>)}
            </DatePicker>
          </Form.Item>
          <Form.Item name="employees" label={t('portalLoans.field.employees')} rules={[numberRule]} extra={<span className="tx-ml-unit">{t('portalLoans.field.jobsUnit')}</span>}>
            <Input inputMode="numeric" maxLength={6} data-testid="m-apply-employees" />
          </Form.Item>
          <Form.Item name="enterpriseIndustry" label={t('portalLoans.field.industry')}>
            <Input maxLength={60} placeholder={t('portalLoans.field.industryPlaceholder')} data-testid="m-apply-industry" />
          </Form.Item>

          <Form.Header>{t('portalLoans.apply.sectionAttachments')}</Form.Header>
          {attachmentKinds.map((kind) => (
            <Form.Item key={kind}>
              <AttachmentItem label={t(`portalLoans.attachment.${kind}`)} file={files[kind] ?? null} onChange={(f) => setFiles((m) => ({ ...m, [kind]: f }))} testId={`m-apply-file-${kind}`} />
            </Form.Item>
          ))}
          <Form.Item description={t('portalLoans.apply.sectionAttachmentsHint')}>
            <span />
          </Form.Item>

          <Form.Header>{t('portalLoans.apply.sectionDeclaration')}</Form.Header>
          <Form.Item
            name="declares"
            valuePropName="checked"
            rules={[{ validator: (_r, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error(t('portalLoans.check.declaration')))) }]}
          >
            <Checkbox data-testid="m-apply-declare" style={{ '--font-size': '14px', '--icon-size': '18px' }}>
              <span style={{ lineHeight: 1.6 }}>{t('portalLoans.field.declaration')}</span>
            </Checkbox>
          </Form.Item>
        </Form>
      )}
    </PortalPage>
  );
}
