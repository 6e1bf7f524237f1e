import type { Product } from '@tongxing/contracts';
import { Alert, App, Button, Col, Divider, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../shared/use-api-error';
import { PercentInput, YuanInput, percentRule, yuanRule } from '../../loans/components/money-input';
import { sharePct } from '../../loans/loan-format';
import { newProductValues, productToValues, sharesSum, valuesToProduct, type ProductFormValues } from '../product-form-values';
import { useCreateProduct, usePatchProduct } from '../programmes-api';
import { PipelineEditor } from './pipeline-editor';

export type ProductFormTarget = { mode: 'create'; programmeId: number } | { mode: 'edit'; product: Product };

const methods = ['equal_instalment', 'equal_principal', 'interest_only'] as const;

/** Live check that the four risk shares make exactly 100%. */
function SharesCheck() {
  const { t } = useTranslation();
  const form = Form.useFormInstance<ProductFormValues>();
  const values = Form.useWatch([], form) as Partial<ProductFormValues> | undefined;
  const sum = sharesSum(values ?? {});
  const ok = sum === 10_000;
  return (
    <Alert
      type={ok ? 'success' : 'error'}
      showIcon
      title={sum === null ? t('loanProgrammes.product.sharesInvalid') : ok ? t('loanProgrammes.product.sharesOk') : t('loanProgrammes.product.sharesOff', { sum: sharePct(sum) })}
      style={{ marginBottom: 12 }}
      data-testid="shares-check"
    />
  );
}

export function ProductFormDrawer({ target, onClose }: { target: ProductFormTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<ProductFormValues>();
  const create = useCreateProduct();
  const patch = usePatchProduct();
  const editing = target?.mode === 'edit' ? target.product : null;
  const rateKind = Form.useWatch('rateKind', form);
  const interestSubsidy = Form.useWatch('interestSubsidy', form);

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    form.setFieldsValue(target.mode === 'edit' ? productToValues(target.product) : newProductValues());
  }, [target, form]);

  const submit = (v: ProductFormValues) => {
    if (sharesSum(v) !== 10_000) {
      showError(new Error(t('loanProgrammes.product.sharesMust')));
      return;
    }
    const body = valuesToProduct(v);
    const done = () => {
      void message.success(t('common.saved'));
      onClose();
    };
    const onError = (err: unknown) => showError(err, form);
    if (target?.mode === 'create') {
      create.mutate({ programmeId: target.programmeId, product: body }, { onSuccess: done, onError });
    } else if (editing) {
      const { code: _code, borrowerType: _type, ...rest } = body;
      patch.mutate({ id: editing.id, patch: { ...rest, version: editing.version } }, { onSuccess: done, onError });
    }
  };

  const num = (name: keyof ProductFormValues, label: string, min: number, max: number, suffix?: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('common.required', { field: label }) }]}>
      <InputNumber min={min} max={max} precision={0} style={{ width: '100%' }} {...(suffix ? { suffix } : {})} />
    </Form.Item>
  );
  const months = t('loans.monthsUnit');

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={860}
      title={editing ? t('loanProgrammes.product.editTitle', { name: editing.name }) : t('loanProgrammes.product.createTitle')}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending || patch.isPending} onClick={() => form.submit()} data-testid="product-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<ProductFormValues> form={form} layout="vertical" onFinish={submit} className="tx-product-form" scrollToFirstError>
        <Divider titlePlacement="start">{t('loanProgrammes.product.basics')}</Divider>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="name" label={t('loanProgrammes.product.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('loanProgrammes.product.name') }) }]}>
              <Input maxLength={60} data-testid="product-name" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="nameEn" label={t('loanProgrammes.product.nameEn')}>
              <Input maxLength={80} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="code" label={t('loanProgrammes.code')} extra={t('loanProgrammes.codeHint')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_-]{1,39}$/, message: t('loanProgrammes.codeRule') }]}>
              <Input maxLength={40} disabled={!!editing} className="tx-mono" data-testid="product-code" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="borrowerType" label={t('loans.borrowerType')}>
              <Radio.Group disabled={!!editing} options={(['individual', 'enterprise'] as const).map((b) => ({ value: b, label: t(`loans.borrowerTypes.${b}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="status" label={t('common.status')}>
              <Radio.Group options={[{ value: 'active', label: t('loanProgrammes.status.active') }, { value: 'closed', label: t('loanProgrammes.status.closed') }]} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('loanProgrammes.product.limits')}</Divider>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name="minAmount" label={t('loanProgrammes.product.minAmount')} rules={[yuanRule(t, t('loanProgrammes.product.minAmount'))]}>
              <YuanInput />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="maxAmount" label={t('loanProgrammes.product.maxAmount')} rules={[yuanRule(t, t('loanProgrammes.product.maxAmount'))]}>
              <YuanInput data-testid="product-max-amount" />
            </Form.Item>
          </Col>
          <Col span={6}>{num('minTermMonths', t('loanProgrammes.product.minTerm'), 1, 360, months)}</Col>
          <Col span={6}>{num('maxTermMonths', t('loanProgrammes.product.maxTerm'), 1, 360, months)}</Col>
        </Row>

        <Divider titlePlacement="start">{t('loanProgrammes.product.rate')}</Divider>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="rateKind" label={t('loanProgrammes.product.rateKind')}>
              <Radio.Group options={[{ value: 'fixed', label: t('loanProgrammes.product.fixed') }, { value: 'reference_spread', label: t('loanProgrammes.product.referenceSpread') }]} />
            </Form.Item>
          </Col>
          <Col span={8}>
            {rateKind === 'reference_spread' ? (
              <Form.Item name="spreadBps" label={t('loanProgrammes.product.spread')} extra={t('loanProgrammes.product.spreadHint')} rules={[{ required: true }]}>
                <InputNumber min={-10000} max={10000} precision={0} suffix="BP" style={{ width: '100%' }} />
              </Form.Item>
            ) : (
              <Form.Item name="annualRate" label={t('loans.rate')} rules={[percentRule(t, t('loans.rate'), { maxBps: 100_000 })]}>
                <PercentInput />
              </Form.Item>
            )}
          </Col>
          <Col span={8}>
            <Form.Item name="repaymentMethod" label={t('loans.method')}>
              <Select options={methods.map((m) => ({ value: m, label: t(`loans.methods.${m}`) }))} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('loanProgrammes.product.eligibility')}</Divider>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name="requireActiveMember" label={t('loanProgrammes.product.activeMember')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="requireNoBadCredit" label={t('loanProgrammes.product.noBadCredit')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={4}>{num('minOperatingMonths', t('loanProgrammes.product.operatingMonths'), 0, 600, months)}</Col>
          <Col span={4}>{num('maxLifetimeLoans', t('loanProgrammes.product.lifetimeLoans'), 1, 100)}</Col>
          <Col span={4}>{num('maxConcurrentLoans', t('loanProgrammes.product.concurrentLoans'), 1, 10)}</Col>
        </Row>

        <Divider titlePlacement="start">{t('loanProgrammes.product.subsidy')}</Divider>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="premium" label={t('loanProgrammes.product.premium')} extra={t('loanProgrammes.product.premiumHint')} rules={[percentRule(t, t('loanProgrammes.product.premium'), { maxBps: 10_000 })]}>
              <PercentInput />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="interestSubsidy" label={t('loanProgrammes.product.interestSubsidy')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          {interestSubsidy && (
            <Col span={8}>
              <Form.Item name="borrowerRateCap" label={t('loanProgrammes.product.rateCap')} extra={t('loanProgrammes.product.rateCapHint')} rules={[percentRule(t, t('loanProgrammes.product.rateCap'), { maxBps: 100_000 })]}>
                <PercentInput />
              </Form.Item>
            </Col>
          )}
        </Row>

        <Divider titlePlacement="start">{t('loanProgrammes.product.modelWorker')}</Divider>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name="mwMaxAmount" label={t('loanProgrammes.product.mwMaxAmount')} rules={[yuanRule(t, '', { required: false })]}>
              <YuanInput placeholder={t('loanProgrammes.product.same')} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="mwPremium" label={t('loanProgrammes.product.mwPremium')} rules={[percentRule(t, '', { required: false, maxBps: 10_000 })]}>
              <PercentInput placeholder={t('loanProgrammes.product.same')} />
            </Form.Item>
          </Col>
          {interestSubsidy && (
            <Col span={6}>
              <Form.Item name="mwRateCap" label={t('loanProgrammes.product.mwRateCap')} rules={[percentRule(t, '', { required: false, maxBps: 100_000 })]}>
                <PercentInput placeholder={t('loanProgrammes.product.same')} />
              </Form.Item>
            </Col>
          )}
          <Col span={6}>
            <Form.Item name="mwPriority" label={t('loanProgrammes.product.mwPriority')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('loanProgrammes.product.riskShares')}</Divider>
        <Row gutter={16}>
          {(['shareUnion', 'shareInsurer', 'shareBank', 'shareGuarantor'] as const).map((name) => (
            <Col span={6} key={name}>
              <Form.Item name={name} label={t(`loanProgrammes.product.${name}`)} rules={[percentRule(t, t(`loanProgrammes.product.${name}`), { maxBps: 10_000 })]}>
                <PercentInput data-testid={`product-${name}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <SharesCheck />

        <Divider titlePlacement="start">{t('loanProgrammes.product.visits')}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="visitMonths" label={t('loanProgrammes.product.visitMonths')} extra={t('loanProgrammes.product.visitMonthsHint')}>
              <Select
                mode="tags"
                tokenSeparators={[',', '，', ' ']}
                options={[1, 3, 6, 9, 12, 18, 24].map((m) => ({ value: m, label: `+${m}` }))}
                onChange={(vals: (string | number)[]) => form.setFieldValue('visitMonths', vals.map(Number).filter((m) => Number.isInteger(m) && m >= 1 && m <= 120))}
              />
            </Form.Item>
          </Col>
          <Col span={6}>{num('monthsBeforeMaturity', t('loanProgrammes.product.beforeMaturity'), 0, 12, months)}</Col>
        </Row>

        <Divider titlePlacement="start">{t('loanProgrammes.product.pipeline')}</Divider>
        <PipelineEditor />
      </Form>
    </Drawer>
  );
}
