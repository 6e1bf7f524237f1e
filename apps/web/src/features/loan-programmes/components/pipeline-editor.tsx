import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons';
import type { PartyKind } from '@tongxing/contracts';
import { Button, Form, Input, InputNumber, Select, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { partyKinds } from '../../loans/loan-labels';

const defaultNames: Record<PartyKind, { key: string; nameZh: string; nameEn: string }> = {
  recommending_union: { key: 'recommend', nameZh: '基层工会推荐', nameEn: 'Union recommendation' },
  district: { key: 'district_review', nameZh: '区总工会初审', nameEn: 'District review' },
  city: { key: 'city_confirm', nameZh: '市总工会复核', nameEn: 'City confirmation' },
  insurer: { key: 'underwrite', nameZh: '保险机构承保', nameEn: 'Underwriting' },
  guarantor: { key: 'guarantee', nameZh: '担保机构担保', nameEn: 'Guarantee' },
  bank: { key: 'bank_approve', nameZh: '银行审批', nameEn: 'Bank approval' },
};

/**
 * The review pipeline as data: ordered steps, each with the party that acts on it, its names and its
 * service level in days. Reorder by dragging the handle or with the arrows.
 */
export function PipelineEditor() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const [dragFrom, setDragFrom] = useState<number | null>(null);

  return (
    <Form.List
      name="pipeline"
      rules={[
        {
          validator: (_r, steps: unknown[] | undefined) => (steps && steps.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('loanProgrammes.pipeline.atLeastOne')))),
        },
      ]}
    >
      {(fields, { add, remove, move }, { errors }) => (
        <div className="tx-pipeline" data-testid="pipeline-editor">
          <div className="tx-pipeline-row tx-pipeline-head">
            <span />
            <span>{t('loanProgrammes.pipeline.order')}</span>
            <span>{t('loanProgrammes.pipeline.party')}</span>
            <span>{t('loanProgrammes.pipeline.nameZh')}</span>
            <span>{t('loanProgrammes.pipeline.nameEn')}</span>
            <span>{t('loanProgrammes.pipeline.key')}</span>
            <span>{t('loanProgrammes.pipeline.sla')}</span>
            <span />
          </div>
          {fields.map((field, i) => (
            <div
              key={field.key}
              className={`tx-pipeline-row${dragFrom === i ? ' tx-dragging' : ''}`}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                if (dragFrom !== null && dragFrom !== i) move(dragFrom, i);
                setDragFrom(null);
              }}
            >
              <span className="tx-drag-handle" draggable onDragStart={() => setDragFrom(i)} onDragEnd={() => setDragFrom(null)} title={t('loanProgrammes.pipeline.drag')}>
                <HolderOutlined />
              </span>
              <span className="tx-step-no">{i + 1}</span>
              <Form.Item name={[field.name, 'party']} noStyle rules={[{ required: true }]}>
                <Select
                  options={partyKinds.map((p) => ({ value: p, label: t(`loans.party.${p}`) }))}
                  onChange={(party: PartyKind) => {
                    // A new step takes the party's usual names; edited names are kept.
                    const current = form.getFieldValue(['pipeline', field.name]) as { nameZh?: string; key?: string };
                    if (!current?.nameZh && !current?.key) form.setFieldValue(['pipeline', field.name], { ...current, party, ...defaultNames[party] });
                  }}
                />
              </Form.Item>
              <Form.Item name={[field.name, 'nameZh']} noStyle rules={[{ required: true, whitespace: true, message: t('loanProgrammes.pipeline.nameRequired') }]}>
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name={[field.name, 'nameEn']} noStyle rules={[{ required: true, whitespace: true, message: t('loanProgrammes.pipeline.nameRequired') }]}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name={[field.name, 'key']} noStyle rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('loanProgrammes.pipeline.keyRule') }]}>
                <Input maxLength={40} className="tx-mono" />
              </Form.Item>
              <Form.Item name={[field.name, 'slaDays']} noStyle rules={[{ required: true }]}>
                <InputNumber min={1} max={60} precision={0} suffix={t('loanProgrammes.pipeline.days')} style={{ width: '100%' }} />
              </Form.Item>
              <Space size={0}>
                <Tooltip title={t('loanProgrammes.pipeline.up')}>
                  <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} />
                </Tooltip>
                <Tooltip title={t('loanProgrammes.pipeline.down')}>
                  <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={i === fields.length - 1} onClick={() => move(i, i + 1)} />
                </Tooltip>
                <Tooltip title={t('common.delete')}>
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} disabled={fields.length <= 1} onClick={() => remove(field.name)} />
                </Tooltip>
              </Space>
            </div>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ party: undefined, nameZh: '', nameEn: '', key: '', slaDays: 3 })} disabled={fields.length >= 10} style={{ marginTop: 8 }}>
            {t('loanProgrammes.pipeline.add')}
          </Button>
          <Form.ErrorList errors={errors} />
        </div>
      )}
    </Form.List>
  );
}
