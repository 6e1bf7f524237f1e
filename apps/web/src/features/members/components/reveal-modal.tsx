import { Alert, Form, Input, Modal } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../shared/use-api-error';
import { useRevealMember } from '../members-api';

/** How long the clear numbers stay on screen before they are masked again. */
export const REVEAL_SECONDS = 60;

export interface Revealed {
  idNumber: string;
  phone: string | null;
  /** Seconds left before the numbers are masked again. */
  secondsLeft: number;
}

/**
 * The clear numbers of one member for a minute, counted down each second; `hide` masks them at once.
 * They are kept in component state only (never in the query cache) and forgotten when the page goes.
 */
export function useRevealedNumbers(memberId: number) {
  const [shown, setShown] = useState<{ idNumber: string; phone: string | null; until: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const timer = useRef<number | null>(null);

  const stopTimer = useCallback(() => {
    if (timer.current !== null) window.clearInterval(timer.current);
    timer.current = null;
  }, []);

  const hide = useCallback(() => {
    setShown(null);
    stopTimer();
  }, [stopTimer]);

  const show = useCallback(
    (numbers: { idNumber: string; phone: string | null }) => {
      const until = Date.now() + REVEAL_SECONDS * 1000;
      setShown({ ...numbers, until });
      setNow(Date.now());
      stopTimer();
      timer.current = window.setInterval(() => {
        const at = Date.now();
        if (at >= until) hide();
        else setNow(at);
      }, 1000);
    },
    [stopTimer, hide],
  );

  useEffect(() => stopTimer, [stopTimer]);
  // Another member's page: nothing of the previous one may stay visible.
  const [shownFor, setShownFor] = useState(memberId);
  if (shownFor !== memberId) {
    setShownFor(memberId);
    setShown(null);
  }

  const secondsLeft = shown ? Math.max(0, Math.ceil((shown.until - now) / 1000)) : 0;
  const revealed: Revealed | null = shown && secondsLeft > 0 ? { idNumber: shown.idNumber, phone: shown.phone, secondsLeft } : null;
  return { revealed, show, hide };
}

interface Props {
  memberId: number | null;
  memberName: string;
  onClose: () => void;
  onRevealed: (numbers: { idNumber: string; phone: string | null }) => void;
}

/** Asks why the full numbers are needed; the reason goes into the audit log with the reading. */
export function RevealModal({ memberId, memberName, onClose, onRevealed }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const reveal = useRevealMember();
  const showError = useApiError();

  useEffect(() => {
    if (memberId !== null) form.resetFields();
  }, [memberId, form]);

  return (
    <Modal
      open={memberId !== null}
      title={t('members.revealTitle', { name: memberName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('members.revealOk')}
      confirmLoading={reveal.isPending}
      forceRender
    >
      <Alert type="warning" showIcon title={t('members.revealAudit', { seconds: REVEAL_SECONDS })} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          memberId !== null &&
          reveal.mutate(
            { id: memberId, reason: v.reason.trim() },
            {
              onSuccess: (numbers) => {
                onRevealed(numbers);
                onClose();
              },
              onError: (e) => showError(e, form),
            },
          )
        }
      >
        <Form.Item
          name="reason"
          label={t('members.revealReason')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('members.revealReason') }) },
            { min: 2, max: 200, message: t('members.revealReasonLength') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount placeholder={t('members.revealReasonPlaceholder')} data-testid="reveal-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
