import type { JoinOutcome } from '@tongxing/contracts';
import { Button, Form, Input, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { formatDateTimeShort } from '../../../shared/format';
import { ProblemError } from '../../../shared/api-client';
import { PhoneItem } from '../components/form-items';
import { PortalPage } from '../components/portal-page';
import { useJoinStatusLookup } from '../portal-api';
import { usePortalError } from '../portal-errors';

const statusColor: Record<JoinOutcome['status'], 'warning' | 'success' | 'danger' | 'default'> = {
  pending: 'warning',
  approved: 'success',
  rejected: 'danger',
  withdrawn: 'default',
};

/** One application as the applicant sees it; shared with "my applications". */
export function OutcomeCard({ outcome }: { outcome: JoinOutcome }) {
  const { t } = useTranslation();
  return (
    <div className="tx-m-status" data-testid="m-outcome">
      <div className="tx-m-status-head">
        <strong className="tx-mono">{outcome.reference}</strong>
        <Tag color={statusColor[outcome.status]} fill="solid" style={{ fontSize: 13, padding: '3px 8px' }} data-testid="m-outcome-status">
          {t(`portal.status.${outcome.status}`)}
        </Tag>
      </div>
      <dl className="tx-m-kv">
        <dt>{t('portal.status.unit')}</dt>
        <dd>{outcome.orgName}</dd>
        <dt>{t('portal.status.submittedAt')}</dt>
        <dd>{formatDateTimeShort(outcome.createdAt)}</dd>
        {outcome.decidedAt && (
          <>
            <dt>{t('portal.status.decidedAt')}</dt>
            <dd>{formatDateTimeShort(outcome.decidedAt)}</dd>
          </>
        )}
        {outcome.rejectReason && (
          <>
            <dt>{t('portal.status.reason')}</dt>
            <dd style={{ color: '#c8161d' }}>{outcome.rejectReason}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

/** /m/join/status: reference + phone → the outcome. Both must match; anything else reads "not found". */
export function JoinStatusPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const lookup = useJoinStatusLookup();
  const showError = usePortalError();
  const prefill = location.state as { reference?: string; phone?: string } | null;
  const [form] = Form.useForm<{ reference: string; phone: string }>();
  const [outcome, setOutcome] = useState<JoinOutcome | null>(null);
  const [notFound, setNotFound] = useState(false);

  const submit = (v: { reference: string; phone: string }) => {
    setNotFound(false);
    lookup.mutate(
      { reference: v.reference.trim(), phone: v.phone.trim() },
      {
        onSuccess: setOutcome,
        onError: (err) => {
          setOutcome(null);
          if (err instanceof ProblemError && err.is('NOT_FOUND')) setNotFound(true);
          else showError(err, form);
        },
      },
    );
  };

  return (
    <PortalPage title={t('portal.status.title')} back="/m/login">
      <div className="tx-m-card">
        <Form
          form={form}
          layout="horizontal"
          onFinish={submit}
          initialValues={{ reference: prefill?.reference ?? '', phone: prefill?.phone ?? '' }}
          footer={
            <Button block type="submit" color="primary" size="large" loading={lookup.isPending} data-testid="m-status-submit">
              {t('portal.status.submit')}
            </Button>
          }
        >
          <Form.Item name="reference" label={t('portal.field.reference')} rules={[{ required: true, whitespace: true, message: t('portal.check.required', { field: t('portal.field.reference') }) }]}>
            <Input maxLength={24} placeholder={t('portal.field.referencePlaceholder')} autoComplete="off" data-testid="m-reference" />
          </Form.Item>
          <PhoneItem />
        </Form>
      </div>
      {notFound && (
        <p className="tx-m-hint" style={{ color: '#c8161d' }} data-testid="m-status-not-found">
          {t('portal.status.notFound')}
        </p>
      )}
      {outcome && (
        <>
          <OutcomeCard outcome={outcome} />
          <p className="tx-m-hint">{t(`portal.status.${outcome.status === 'approved' ? 'approvedHint' : outcome.status === 'rejected' ? 'rejectedHint' : 'pendingHint'}`)}</p>
          {outcome.status === 'approved' && (
            <Button block color="primary" fill="outline" onClick={() => void navigate('/m/login')}>
              {t('portal.status.loginNow')}
            </Button>
          )}
          {outcome.status === 'rejected' && (
            <Button block color="primary" fill="outline" onClick={() => void navigate('/m/join')}>
              {t('portal.status.applyAgain')}
            </Button>
          )}
        </>
      )}
    </PortalPage>
  );
}
