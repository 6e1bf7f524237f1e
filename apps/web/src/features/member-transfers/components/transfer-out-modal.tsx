import type { Member } from '@tongxing/contracts';
import { Alert, App, Descriptions, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../shared/use-api-error';
import { useStartTransfer } from '../transfers-api';
import { CityUnitPicker } from './city-unit-picker';

interface Values {
  toOrgId?: number;
  reason?: string;
}

/** 办理转出: the sending union starts the transfer; the receiving union then accepts it. */
export function TransferOutModal({ member, onClose }: { member: Member | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const start = useStartTransfer();
  const showError = useApiError();
  const { message } = App.useApp();

  useEffect(() => {
    if (member) form.resetFields();
  }, [member, form]);

  return (
    <Modal
      open={member !== null}
      title={member ? t('transfers.outTitle', { name: member.name }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('transfers.outOk')}
      confirmLoading={start.isPending}
      width={560}
      forceRender
    >
      {member && (
        <Descriptions
          size="small"
          column={1}
          bordered
          style={{ marginBottom: 12 }}
          items={[
            { key: 'name', label: t('transfers.member'), children: `${member.name}（${member.idNumberMasked}）` },
            { key: 'from', label: t('transfers.fromOrg'), children: member.orgName },
          ]}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          member &&
          start.mutate(
            { memberId: member.id, toOrgId: v.toOrgId ?? 0, ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) },
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
        <Form.Item name="toOrgId" label={t('transfers.toOrg')} rules={[{ required: true, message: t('common.selectRequired', { field: t('transfers.toOrg') }) }]} extra={t('transfers.toOrgCityHint')}>
          <CityUnitPicker excludeId={member?.orgId} />
        </Form.Item>
        <Form.Item name="reason" label={t('transfers.reason')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('transfers.reasonPlaceholder')} />
        </Form.Item>
      </Form>
      <Alert type="info" showIcon title={t('transfers.outNotice')} />
    </Modal>
  );
}
