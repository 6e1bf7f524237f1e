import { AimOutlined } from '@ant-design/icons';
import { merchantCategories } from '@tongxing/domain';
import { App, Button, Col, Form, Input, InputNumber, Row, Select, TreeSelect } from 'antd';
import type { FormInstance } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { categoryName } from '../merchant-format';
import { useMerchantUnitOptions } from '../merchants-api';

/** The union a merchant belongs to: a district union or one of its street federations. */
export function MerchantUnitSelect({ value, onChange }: { value?: number; onChange?: (v: number) => void }) {
  const { t } = useTranslation();
  const units = useMerchantUnitOptions();
  const tree = useMemo(() => {
    const all = units.data?.items ?? [];
    const districts = all.filter((u) => u.kind === 'district_union');
    return districts.map((d) => ({
      value: d.id,
      title: d.name,
      children: all.filter((s) => s.parentId === d.id).map((s) => ({ value: s.id, title: s.name })),
    }));
  }, [units.data]);
  return (
    <TreeSelect
      value={value}
      onChange={onChange}
      treeData={tree}
      loading={units.isLoading}
      placeholder={t('merchants.field.orgPlaceholder')}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll={false}
      data-testid="merchant-unit"
    />
  );
}

/**
 * The particulars of a merchant, shared by the public application and the cadre's entry: name and credit
 * code, category, the union it belongs to, address with coordinates (from the browser when allowed),
 * opening hours, contact, description, and what the applicant proposes.
 */
export function MerchantFields({ form, withProposal }: { form: FormInstance; withProposal?: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [locating, setLocating] = useState(false);
  const req = (field: string) => [{ required: true, message: t('common.required', { field }) }];

  const locate = () => {
    if (!('geolocation' in navigator)) {
      void message.warning(t('merchants.field.noLocation'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        form.setFieldsValue({ lng: Number(p.coords.longitude.toFixed(6)), lat: Number(p.coords.latitude.toFixed(6)) });
        setLocating(false);
      },
      () => {
        void message.warning(t('merchants.field.noLocation'));
        setLocating(false);
      },
      { timeout: 10_000 },
    );
  };

  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t('merchants.field.name')} rules={req(t('merchants.field.name'))}>
            <Input maxLength={100} data-testid="merchant-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="creditCode" label={t('merchants.field.creditCode')} rules={req(t('merchants.field.creditCode'))} extra={t('merchants.field.creditCodeHint')}>
            <Input maxLength={30} style={{ fontFamily: 'monospace' }} data-testid="merchant-credit-code" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="category" label={t('merchants.field.category')} rules={req(t('merchants.field.category'))}>
            <Select options={merchantCategories.map((c) => ({ value: c, label: categoryName(c, i18n.language) }))} data-testid="merchant-category" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="orgId" label={t('merchants.field.org')} rules={req(t('merchants.field.org'))}>
            <MerchantUnitSelect />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="address" label={t('merchants.field.address')} rules={req(t('merchants.field.address'))}>
            <Input maxLength={200} data-testid="merchant-address" />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="lng" label={t('merchants.field.lng')} rules={req(t('merchants.field.lng'))}>
            <InputNumber min={73.4} max={135.1} step={0.000001} precision={6} style={{ width: '100%' }} data-testid="merchant-lng" />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="lat" label={t('merchants.field.lat')} rules={req(t('merchants.field.lat'))}>
            <InputNumber min={3.8} max={53.6} step={0.000001} precision={6} style={{ width: '100%' }} data-testid="merchant-lat" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item label=" " colon={false}>
            <Button icon={<AimOutlined />} onClick={locate} loading={locating} block>
              {t('merchants.field.locate')}
            </Button>
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="openingHours" label={t('merchants.field.openingHours')}>
            <Input maxLength={100} placeholder={t('merchants.field.openingHoursPlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="contactName" label={t('merchants.field.contactName')} rules={req(t('merchants.field.contactName'))}>
            <Input maxLength={50} data-testid="merchant-contact-name" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="contactPhone" label={t('merchants.field.contactPhone')} rules={req(t('merchants.field.contactPhone'))}>
            <Input maxLength={11} inputMode="tel" data-testid="merchant-contact-phone" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="description" label={t('merchants.field.description')}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Col>
        {withProposal && (
          <>
            <Col xs={12} md={8}>
              <Form.Item name={['proposal', 'discountPct']} label={t('merchants.field.proposedDiscount')}>
                <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name={['proposal', 'subsidyPct']} label={t('merchants.field.proposedSubsidy')}>
                <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name={['proposal', 'note']} label={t('merchants.field.proposalNote')}>
                <Input.TextArea rows={2} maxLength={300} showCount />
              </Form.Item>
            </Col>
          </>
        )}
      </Row>
    </>
  );
}

export interface MerchantFormValues {
  name: string;
  creditCode: string;
  category: string;
  orgId: number;
  address: string;
  lng: number;
  lat: number;
  openingHours?: string;
  contactName: string;
  contactPhone: string;
  description?: string;
  proposal?: { discountPct?: number | null; subsidyPct?: number | null; note?: string };
}

/** The form's values as the API takes them: percentages to basis points, empty optionals left out. */
export function merchantBody(v: MerchantFormValues) {
  const p = v.proposal;
  const proposal = p && (p.discountPct != null || p.subsidyPct != null || p.note)
    ? {
        ...(p.discountPct != null ? { discountBps: Math.round(p.discountPct * 100) } : {}),
        ...(p.subsidyPct != null ? { subsidyBps: Math.round(p.subsidyPct * 100) } : {}),
        ...(p.note ? { note: p.note } : {}),
      }
    : undefined;
  return {
    name: v.name,
    creditCode: v.creditCode,
    category: v.category as never,
    orgId: v.orgId,
    address: v.address,
    lng: v.lng,
    lat: v.lat,
    ...(v.openingHours ? { openingHours: v.openingHours } : {}),
    contactName: v.contactName,
    contactPhone: v.contactPhone,
    ...(v.description ? { description: v.description } : {}),
    ...(proposal ? { proposal } : {}),
  };
}
