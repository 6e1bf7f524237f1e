import type { Programme, ProgrammeCreate, ProgrammePatch } from '@tongxing/contracts';
import { App, Button, Col, DatePicker, Divider, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKey } from '../../../shared/idempotency';
import { useApiError } from '../../../shared/use-api-error';
import { YuanInput, yuanRule } from '../../loans/components/money-input';
import { fenToYuanText, yuanToFen } from '../../loans/loan-format';
import { useOrgList } from '../../orgs/orgs-api';
import { useCreateProgramme, usePatchProgramme, type PartnerRole } from '../programmes-api';

interface Values {
  code: string;
  name: string;
  nameEn?: string;
  description?: string;
  fund?: string;
  targetLending: string;
  targetEnterprises: number;
  targetEntrepreneurs: number;
  targetJobs: number;
  period?: [Dayjs | null, Dayjs | null] | null;
  status?: 'active' | 'closed';
  banks: number[];
  insurers: number[];
  guarantors: number[];
}

export type ProgrammeFormTarget = { mode: 'create' } | { mode: 'edit'; programme: Programme };

/** The "33113" plan: 3,000万 fund → 3亿 lending, 1,000 enterprises, 1,000 entrepreneurs, 30,000 jobs. */
const plan33113 = { fund: '30000000.00', targetLending: '300000000.00', targetEnterprises: 1000, targetEntrepreneurs: 1000, targetJobs: 30000 };

function partnerIds(p: Programme, role: PartnerRole): number[] {
  return p.partners.filter((x) => x.role === role).map((x) => x.orgId);
}

export function ProgrammeFormDrawer({ target, onClose, onCreated }: { target: ProgrammeFormTarget | null; onClose: () => void; onCreated?: (p: Programme) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const create = useCreateProgramme();
  const patch = usePatchProgramme();
  const idem = useIdempotencyKey();
  const open = target !== null;
  const partners = useOrgList({ kind: ['bank', 'insurer', 'guarantor'], status: 'active', pageSize: 500 }, open);
  const editing = target?.mode === 'edit' ? target.programme : null;

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    idem.done();
    if (target.mode === 'edit') {
      const p = target.programme;
      form.setFieldsValue({
        code: p.code,
        name: p.name,
        nameEn: p.nameEn ?? undefined,
        description: p.description ?? undefined,
        targetLending: fenToYuanText(p.targetLendingFen),
        targetEnterprises: p.targetEnterprises,
        targetEntrepreneurs: p.targetEntrepreneurs,
        targetJobs: p.targetJobs,
        period: p.startsOn || p.endsOn ? [p.startsOn ? dayjs(p.startsOn) : null, p.endsOn ? dayjs(p.endsOn) : null] : null,
        status: p.status,
        banks: partnerIds(p, 'bank'),
        insurers: partnerIds(p, 'insurer'),
        guarantors: partnerIds(p, 'guarantor'),
      });
    } else {
      form.setFieldsValue({ ...plan33113, banks: [], insurers: [], guarantors: [] });
    }
  }, [target, form, idem]);

  const options = (kind: PartnerRole) => (partners.data?.items ?? []).filter((o) => o.kind === kind).map((o) => ({ value: o.id, label: o.name }));

  const submit = (v: Values) => {
    const onError = (err: unknown) => showError(err, form);
    const partnerList = [
      ...(v.banks ?? []).map((orgId) => ({ orgId, role: 'bank' as const })),
      ...(v.insurers ?? []).map((orgId) => ({ orgId, role: 'insurer' as const })),
      ...(v.guarantors ?? []).map((orgId) => ({ orgId, role: 'guarantor' as const })),
    ];
    const common = {
      name: v.name.trim(),
      nameEn: v.nameEn?.trim() || undefined,
      description: v.description?.trim() || undefined,
      targetLendingFen: yuanToFen(v.targetLending) ?? 0,
      targetEnterprises: v.targetEnterprises ?? 0,
      targetEntrepreneurs: v.targetEntrepreneurs ?? 0,
      targetJobs: v.targetJobs ?? 0,
      partners: partnerList,
    };
    const startsOn = v.period?.[0]?.format('YYYY-MM-DD');
    const endsOn = v.period?.[1]?.format('YYYY-MM-DD');
    if (!editing) {
      const body: ProgrammeCreate = { ...common, code: v.code.trim(), fundFen: yuanToFen(v.fund) ?? 0, targets: [], ...(startsOn ? { startsOn } : {}), ...(endsOn ? { endsOn } : {}) };
      create.mutate(
        { ...body, idempotencyKey: idem.key() },
        {
          onSuccess: (p) => {
            idem.done();
            void message.success(t('loanProgrammes.created', { name: p.name }));
            onClose();
            onCreated?.(p);
          },
          onError,
        },
      );
    } else {
      const body: ProgrammePatch = { ...common, startsOn: startsOn ?? null, endsOn: endsOn ?? null, status: v.status, version: editing.version };
      patch.mutate(
        { id: editing.id, patch: body },
        {
          onSuccess: () => {
            void message.success(t('common.saved'));
            onClose();
          },
          onError,
        },
      );
    }
  };

  const count = (name: keyof Values, label: string, max: number) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('common.required', { field: label }) }]}>
      <InputNumber min={0} max={max} precision={0} style={{ width: '100%' }} />
    </Form.Item>
  );
  const partnerSelect = (name: 'banks' | 'insurers' | 'guarantors', role: PartnerRole, label: string) => (
    <Form.Item name={name} label={label}>
      <Select mode="multiple" options={options(role)} loading={partners.isLoading} optionFilterProp="label" placeholder={t('loanProgrammes.choosePartners')} />
    </Form.Item>
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={720}
      title={editing ? t('loanProgrammes.editTitle', { name: editing.name }) : t('loanProgrammes.createTitle')}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending || patch.isPending} onClick={() => form.submit()} data-testid="programme-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('loanProgrammes.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('loanProgrammes.name') }) }]}>
              <Input maxLength={60} data-testid="programme-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="code" label={t('loanProgrammes.code')} extra={t('loanProgrammes.codeHint')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_-]{1,39}$/, message: t('loanProgrammes.codeRule') }]}>
              <Input maxLength={40} disabled={!!editing} className="tx-mono" data-testid="programme-code" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="nameEn" label={t('loanProgrammes.nameEn')}>
              <Input maxLength={80} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="period" label={t('loanProgrammes.period')}>
              <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="description" label={t('loanProgrammes.description')}>
              <Input.TextArea rows={2} maxLength={500} showCount />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">
          {t('loanProgrammes.fundAndTargets')}
          {!editing && (
            <Button type="link" size="small" onClick={() => form.setFieldsValue(plan33113)}>
              {t('loanProgrammes.fill33113')}
            </Button>
          )}
        </Divider>
        <Row gutter={16}>
          {!editing && (
            <Col span={12}>
              <Form.Item name="fund" label={t('loanProgrammes.initialFund')} extra={t('loanProgrammes.initialFundHint')} rules={[yuanRule(t, t('loanProgrammes.initialFund'))]}>
                <YuanInput data-testid="programme-fund" />
              </Form.Item>
            </Col>
          )}
          <Col span={12}>
            <Form.Item name="targetLending" label={t('loanProgrammes.targetLending')} rules={[yuanRule(t, t('loanProgrammes.targetLending'))]}>
              <YuanInput />
            </Form.Item>
          </Col>
          <Col span={8}>{count('targetEnterprises', t('loanProgrammes.targetEnterprises'), 10_000_000)}</Col>
          <Col span={8}>{count('targetEntrepreneurs', t('loanProgrammes.targetEntrepreneurs'), 10_000_000)}</Col>
          <Col span={8}>{count('targetJobs', t('loanProgrammes.targetJobs'), 100_000_000)}</Col>
        </Row>
        <Divider titlePlacement="start">{t('loanProgrammes.partners')}</Divider>
        {partnerSelect('banks', 'bank', t('loans.bank'))}
        <Row gutter={16}>
          <Col span={12}>{partnerSelect('insurers', 'insurer', t('loans.insurer'))}</Col>
          <Col span={12}>{partnerSelect('guarantors', 'guarantor', t('loans.guarantor'))}</Col>
        </Row>
        {editing && (
          <Form.Item name="status" label={t('common.status')}>
            <Radio.Group options={[{ value: 'active', label: t('loanProgrammes.status.active') }, { value: 'closed', label: t('loanProgrammes.status.closed') }]} />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
