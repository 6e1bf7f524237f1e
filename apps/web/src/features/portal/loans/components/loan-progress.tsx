import type { Loan } from '@tongxing/contracts';
import { lentStates } from '@tongxing/domain';
import { Steps } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { formatDateTimeShort } from '../../../../shared/format';

type StepStatus = 'wait' | 'process' | 'finish' | 'error';

/**
 * The review pipeline as steps, then the payout: steps before the current one are done, the current one
 * is in progress (or marked red when the loan was returned or declined there).
 */
export function LoanProgress({ loan }: { loan: Loan }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const lent = lentStates.includes(loan.state);
  const approvedAll = lent || loan.state === 'approved';
  const rejectedAt = loan.state === 'rejected' ? [...loan.events].reverse().find((e) => e.event === 'reject')?.stepIndex ?? null : null;
  const current = approvedAll ? loan.pipeline.length : loan.state === 'rejected' ? (rejectedAt ?? loan.stepIndex ?? 0) : (loan.stepIndex ?? (loan.state === 'draft' ? -1 : 0));
  const stopped = loan.state === 'withdrawn' || loan.state === 'draft';

  const statusOf = (i: number): StepStatus => {
    if (i < current) return 'finish';
    if (i > current || stopped) return 'wait';
    if (loan.state === 'returned' || loan.state === 'rejected') return 'error';
    return 'process';
  };
  const doneEvent = (i: number) => [...loan.events].reverse().find((e) => e.event === 'approve_step' && e.stepIndex === i);

  const steps = loan.pipeline.map((s, i) => {
    const status = statusOf(i);
    const ev = status === 'finish' ? doneEvent(i) : undefined;
    const description = ev
      ? `${ev.actorOrgName ?? ''} ${formatDateTimeShort(ev.at)}`
      : status === 'process' && loan.stepOrgName
        ? t('portalLoans.detail.waitingAt', { org: loan.stepOrgName })
        : status === 'process'
          ? t('portalLoans.detail.stepNow')
          : undefined;
    return { key: s.key, title: en ? s.nameEn : s.nameZh, status, description };
  });
  const paidOut = loan.disbursement?.status === 'confirmed' || lent;
  steps.push({
    key: 'disbursement',
    title: t('portalLoans.detail.disbursement'),
    status: paidOut ? 'finish' : loan.state === 'approved' ? 'process' : 'wait',
    description: paidOut && loan.disbursement ? loan.disbursement.disbursedOn : undefined,
  });

  return (
    <div className="tx-ml-steps" data-testid="m-loan-progress">
      <Steps direction="vertical" current={Math.max(current, 0)}>
        {steps.map((s) => (
          <Steps.Step key={s.key} title={s.title} status={s.status} description={s.description} />
        ))}
      </Steps>
    </div>
  );
}

/** What happened to the application, newest first, with who acted and what they wrote. */
export function LoanTimeline({ loan }: { loan: Loan }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const stepName = (i: number | null) => {
    const s = i === null ? undefined : loan.pipeline[i];
    return s ? (en ? s.nameEn : s.nameZh) : null;
  };
  const events = [...loan.events].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
  if (events.length === 0) return <p className="tx-m-hint">{t('portalLoans.detail.noEvents')}</p>;
  return (
    <ul className="tx-ml-timeline" data-testid="m-loan-timeline">
      {events.map((e) => {
        const step = e.event === 'approve_step' || e.event === 'return' || e.event === 'reject' ? stepName(e.stepIndex) : null;
        return (
          <li key={e.id} className={`tx-ml-ev-${e.event}`}>
            <div className="tx-ml-ev-title">
              {t(`portalLoans.event.${e.event}`, { defaultValue: e.event })}
              {step ? ` · ${step}` : ''}
            </div>
            <div className="tx-ml-ev-meta">
              {formatDateTimeShort(e.at)}
              {e.actorOrgName ? ` · ${e.actorOrgName}` : ''}
            </div>
            {e.comment && <div className="tx-ml-ev-comment">{e.comment}</div>}
          </li>
        );
      })}
    </ul>
  );
}
