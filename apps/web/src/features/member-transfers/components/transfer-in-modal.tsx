import type { IdType } from '@tongxing/domain';
import { normaliseIdNumber } from '@tongxing/domain';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../shared/use-api-error';
import { IdFactsExtra, useIdNumberRule } from '../../members/components/id-number-input';
import { holdsMembers, useMemberLabels } from '../../members/member-labels';
import { OrgTreeSelect } from '../../orgs/components/org-tree-select';
import { useStartTransfer } from '../transfers-api';

interface Values {
  idType: IdType;
  idNumber: string;
  name: string;
  toOrgId?: number;
  reason?: string;
}

/**
 * 办理转入: the receiving union cannot see the member yet, so it names the person by document number and
 * name (which must match an active member elsewhere in the city); the sending union is told, and the
 * receiving union accepts once the papers are in order.
 */
export function TransferInModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const labels = useMemberLabels();
  const start = useStartTransfer();
  const showError = useApiError();
  const { message } = App.useApp();
  const idType = (Form.useWatch('idType', form) ?? 'resident_id') as IdType;
  const idNumber = Form.useWatch('idNumber', form) as string | undefined;
  const idRule = useIdNumberRule(() => form.getFieldValue('idType') as IdType, true);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ idType: 'resident_id' });
    }
  }, [open, form]);

  return (
    <Modal open={open} title={t('transfers.inTitle')} onCancel={onClose} onOk={() => form.submit()} okText={t('transfers.inOk')} confirmLoading={start.isPending} width={560} forceRender>
      <Alert type="info" showIcon title={t('transfers.inNotice')} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          start.mutate(
            { idType: v.idType, idNumber: normaliseIdNumber(v.idNumber), name: v.name.trim(), toOrgId: v.toOrgId ?? 0, ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) },
            {
              onSuccess: () => {
                void message.success(t('transfers.started'));
                onClose();
              },
              onError: (e) => showError(e, form),
            },
          )
        }
      >
        <Form.Item name="idType" label={t('members.idType')} rules={[{ required: true }]}>
          <Select options={labels.idTypeOptions} onChange={() => void form.validateFields(['idNumber']).catch(() => undefined)} />
        </Form.Item>
        <Form.Item name="idNumber" label={t('members.idNumber')} rules={[idRule]} required extra={idNumber?.trim() ? <IdFactsExtra type={idType} /> : undefined}>
          <Input maxLength={40} autoComplete="off" className="tx-mono" data-testid="transfer-in-id" />
        </Form.Item>
        <Form.Item name="name" label={t('members.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('members.name') }) }, { max: 50 }]}>
          <Input maxLength={50} autoComplete="off" data-testid="transfer-in-name" />
        </Form.Item>
        <Form.Item name="toOrgId" label={t('transfers.toOrgMine')} rules={[{ required: true, message: t('common.selectRequired', { field: t('transfers.toOrgMine') }) }]} extra={t('transfers.toOrgMineHint')}>
          <OrgTreeSelect style={{ width: '100%' }} isDisabled={(org) => !holdsMembers(org)} data-testid="transfer-in-org" />
        </Form.Item>
        <Form.Item name="reason" label={t('transfers.reason')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('transfers.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
