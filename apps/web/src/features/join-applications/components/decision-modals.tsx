import type { JoinApplicationListItem } from '@tongxing/contracts';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../../../shared/api-client';
import { useApiError } from '../../../shared/use-api-error';
import { useApproveJoin, useRejectJoin } from '../join-applications-api';

export type Decision = { kind: 'approve' | 'reject'; app: JoinApplicationListItem } | null;

/** Approve (with an optional note) or reject (with a required reason) one application. */
export function DecisionModal({ decision, onClose, onDone }: { decision: Decision; onClose: () => void; onDone?: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note?: string; reason?: string }>();
  const approve = useApproveJoin();
  const reject = useRejectJoin();
  const showError = useApiError();
  const { message } = App.useApp();

  useEffect(() => {
    if (decision) form.resetFields();
  }, [decision, form]);

  if (!decision) return null;
  const { kind, app } = decision;
  const finish = (text: string) => {
    void message.success(text);
    onClose();
    onDone?.();
  };
  const approveFailed = (e: unknown) => {
    // Already a member meanwhile: name the union holding the membership when the server may tell it.
    if (e instanceof ProblemError && e.is('MEMBER_ALREADY_ACTIVE') && e.problem.detail) void message.error(`${e.title}（${e.problem.detail}）`);
    else showError(e, form);
  };
  const submit = (v: { note?: string; reason?: string }) => {
    if (kind === 'approve') {
      approve.mutate({ id: app.id, ...(v.note?.trim() ? { note: v.note.trim() } : {}) }, { onSuccess: () => finish(t('joinApplications.approved_done')), onError: approveFailed });
    } else {
      reject.mutate({ id: app.id, reason: (v.reason ?? '').trim() }, { onSuccess: () => finish(t('joinApplications.rejected_done')), onError: (e) => showError(e, form) });
    }
  };

  return (
    <Modal
      open
      title={kind === 'approve' ? t('joinApplications.approveTitle') : t('joinApplications.rejectTitle', { name: app.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={kind === 'approve' ? t('joinApplications.approve') : t('joinApplications.reject')}
      okButtonProps={{ danger: kind === 'reject', ...{ 'data-testid': 'join-decision-ok' } }}
      confirmLoading={approve.isPending || reject.isPending}
      destroyOnHidden
    >
      {kind === 'approve' && (
        <Typography.Paragraph>{t('joinApplications.approveText', { name: app.name, org: app.orgName })}</Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={submit}>
        {kind === 'approve' ? (
          <Form.Item name="note" label={t('joinApplications.approveNote')}>
            <Input.TextArea rows={2} maxLength={500} showCount />
          </Form.Item>
        ) : (
          <Form.Item
            name="reason"
            label={t('joinApplications.rejectReasonLabel')}
            extra={t('joinApplications.rejectReasonHint')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('joinApplications.rejectReasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount autoFocus data-testid="join-reject-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
