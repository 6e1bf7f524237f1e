import type { PortalUnit } from '@tongxing/contracts';
import { fieldMessages } from '@tongxing/contracts';
import { carriesFacts, checkIdNumber, normaliseIdNumber, type IdType } from '@tongxing/domain';
import { Button, Collapse, Form, Input, Result, Selector } from 'antd-mobile';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { pickLabel } from '../../../shared/i18n';
import { useSystemInfo } from '../../../shared/system-info';
import { OtpCodeItem, PhoneItem } from '../components/form-items';
import { DateItem, PickerItem, picked } from '../components/picker-item';
import { PortalHero } from '../components/portal-page';
import { UnitPicker } from '../components/unit-picker';
import { useSubmitJoin } from '../portal-api';
import { usePortalError } from '../portal-errors';
import { useDictionaryLabels } from '../portal-labels';

interface Values {
  orgId?: number;
  name: string;
  idType: string[];
  idNumber: string;
  gender?: string[];
  birthDate?: Date;
  employer: string;
  phone: string;
  code: string;
  ethnicity?: string[];
  politicalStatus?: string[];
  education?: string[];
  category?: string[];
}

/** /m/join: the public joining form (网上入会). */
export function JoinPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const info = useSystemInfo();
  const labels = useDictionaryLabels();
  const submit = useSubmitJoin();
  const showError = usePortalError();
  const [form] = Form.useForm<Values>();
  const [kind, setKind] = useState<PortalUnit['kind']>('grassroots_union');
  const [done, setDone] = useState<{ reference: string; phone: string } | null>(null);
  const idType = (picked(Form.useWatch('idType', form)) ?? 'resident_id') as IdType;

  const onFinish = (v: Values) => {
    const input = {
      name: v.name.trim(),
      idType: idType,
      idNumber: normaliseIdNumber(v.idNumber),
      phone: v.phone.trim(),
      code: v.code.trim(),
      employer: v.employer.trim(),
      orgId: v.orgId ?? 0,
      ...(carriesFacts(idType) ? {} : { gender: picked(v.gender) as 'M' | 'F', birthDate: dayjs(v.birthDate).format('YYYY-MM-DD') }),
      ...(picked(v.ethnicity) ? { ethnicity: picked(v.ethnicity) } : {}),
      ...(picked(v.politicalStatus) ? { politicalStatus: picked(v.politicalStatus) } : {}),
      ...(picked(v.education) ? { education: picked(v.education) } : {}),
      ...(picked(v.category) ? { category: picked(v.category) as never } : {}),
    };
    submit.mutate(input, {
      onSuccess: (r) => {
        setDone({ reference: r.reference, phone: input.phone });
        window.scrollTo(0, 0);
      },
      onError: (err) => showError(err, form),
    });
  };

  const federation = info.data?.federation?.name ?? t('app.defaultOrg');
  if (done) {
    return (
      <>
        <PortalHero federation={federation} title={t('portal.join.title')} subtitle={t('portal.join.intro')} />
        <div className="tx-m-raised">
          <div className="tx-m-form-card" style={{ padding: '8px 16px 20px' }} data-testid="m-join-done">
            <Result status="success" title={t('portal.join.doneTitle')} description={t('portal.join.doneText')} />
            <div style={{ fontSize: 13, color: '#888', textAlign: 'center' }}>{t('portal.field.reference')}</div>
            <div className="tx-m-reference" data-testid="m-join-reference">
              {done.reference}
            </div>
            <div className="tx-m-actions">
              <Button block color="primary" size="large" onClick={() => void navigate('/m/join/status', { state: done })} data-testid="m-join-to-status">
                {t('portal.join.toStatus')}
              </Button>
              <Button block size="large" onClick={() => void navigate('/m/login')}>
                {t('portal.join.home')}
              </Button>
            </div>
          </div>
        </div>
      </>
    );
  }

  const idRule = {
    validator: (_r: unknown, v: string | undefined) => {
      if (!v) return Promise.resolve();
      const problem = checkIdNumber(idType, normaliseIdNumber(v));
      return problem ? Promise.reject(new Error(pickLabel(fieldMessages[problem], i18n.language))) : Promise.resolve();
    },
  };
  const required = (field: string) => ({ required: true, whitespace: true, message: t('portal.check.required', { field }) });

  return (
    <>
      <PortalHero federation={federation} title={t('portal.join.title')} subtitle={t('portal.join.intro')} flat />
      <div className="tx-m-join">
        <Form
          form={form}
          layout="horizontal"
          mode="card"
          onFinish={onFinish}
          initialValues={{ idType: ['resident_id'] }}
          footer={
            <>
              <p className="tx-m-hint">{t('portal.join.agree')}</p>
              <Button block type="submit" color="primary" size="large" loading={submit.isPending} data-testid="m-join-submit">
                {t('portal.join.submit')}
              </Button>
              <div className="tx-m-center-links">
                <Link to="/m/join/status">{t('portal.login.status')}</Link>
                {' · '}
                <Link to="/m/login">{t('portal.login.title')}</Link>
              </div>
            </>
          }
        >
          <Form.Header>{t('portal.join.sectionUnit')}</Form.Header>
          <Form.Item description={kind === 'grassroots_union' ? t('portal.join.hasUnionHint') : t('portal.join.noUnionHint')}>
            <Selector
              columns={2}
              value={[kind]}
              onChange={(v) => {
                const next = v[0] as PortalUnit['kind'] | undefined;
                if (!next || next === kind) return;
                // "Has a union" and "has none" choose from different units: the earlier pick no longer fits.
                setKind(next);
                form.setFieldValue('orgId', undefined);
              }}
              options={[
                { label: t('portal.join.hasUnion'), value: 'grassroots_union' },
                { label: t('portal.join.noUnion'), value: 'street_federation' },
              ]}
              data-testid="m-unit-kind"
            />
          </Form.Item>
          <Form.Item name="orgId" label={t('portal.field.unit')} rules={[{ required: true, message: t('portal.check.unit') }]}>
            <UnitPicker kind={kind} />
          </Form.Item>

          <Form.Header>{t('portal.join.sectionPerson')}</Form.Header>
          <Form.Item name="name" label={t('portal.field.name')} rules={[required(t('portal.field.name'))]}>
            <Input maxLength={50} placeholder={t('portal.field.namePlaceholder')} data-testid="m-name" />
          </Form.Item>
          <PickerItem name="idType" label={t('portal.field.idType')} options={labels.idTypeOptions} required />
          <Form.Item name="idNumber" label={t('portal.field.idNumber')} dependencies={['idType']} rules={[required(t('portal.field.idNumber')), idRule]}>
            <Input maxLength={40} placeholder={t('portal.field.idNumberPlaceholder')} autoComplete="off" data-testid="m-id-number" />
          </Form.Item>
          {!carriesFacts(idType) && (
            <>
              <PickerItem
                name="gender"
                label={t('portal.field.gender')}
                options={[
                  { value: 'M', label: t('portal.field.male') },
                  { value: 'F', label: t('portal.field.female') },
                ]}
                required
              />
              <DateItem name="birthDate" label={t('portal.field.birthDate')} required />
            </>
          )}
          <Form.Item name="employer" label={t('portal.field.employer')} rules={[required(t('portal.field.employer'))]}>
            <Input maxLength={100} placeholder={t('portal.field.employerPlaceholder')} data-testid="m-employer" />
          </Form.Item>

          <Form.Header>{t('portal.join.sectionContact')}</Form.Header>
          <PhoneItem />
          <OtpCodeItem form={form} purpose="join" />

          <Collapse>
            <Collapse.Panel key="more" title={t('portal.join.sectionMore')}>
              <PickerItem name="category" label={t('portal.field.category')} options={labels.categoryOptions} />
              <PickerItem name="ethnicity" label={t('portal.field.ethnicity')} options={labels.ethnicityOptions} />
              <PickerItem name="politicalStatus" label={t('portal.field.politicalStatus')} options={labels.politicalOptions} />
              <PickerItem name="education" label={t('portal.field.education')} options={labels.educationOptions} />
            </Collapse.Panel>
          </Collapse>
        </Form>
      </div>
    </>
  );
}
