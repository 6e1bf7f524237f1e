import type { Loan } from '@tongxing/contracts';
import { Empty, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTimeShort } from '../../../shared/format';
import { ratePct, yuan } from '../loan-format';
import { stepLabel } from '../loan-labels';

type LoanEvent = Loan['events'][number];

const colors: Record<string, string> = {
  approve_step: 'green',
  confirm_disbursement: 'green',
  settle: 'green',
  return: 'orange',
  reject: 'red',
  withdraw: 'gray',
  declare_default: 'red',
  write_off: 'gray',
};

/** The numbers a step recorded (amount, rate, policy…), worded for people. */
function useDataLines() {
  const { t } = useTranslation();
  return (data: LoanEvent['data']): string[] => {
    if (!data) return [];
    const out: string[] = [];
    const money = (key: string, label: string) => typeof data[key] === 'number' && out.push(`${label} ${yuan(data[key])}`);
    const text = (key: string, label: string) => typeof data[key] === 'string' && data[key] !== '' && out.push(`${label} ${String(data[key])}`);
    money('approvedAmountFen', t('loans.timeline.approvedAmount'));
    money('amountFen', t('loans.timeline.amount'));
    if (typeof data['annualRateBps'] === 'number') out.push(`${t('loans.timeline.rate')} ${ratePct(data['annualRateBps'])}`);
    if (typeof data['termMonths'] === 'number') out.push(`${t('loans.timeline.term')} ${t('loans.months', { count: data['termMonths'] })}`);
    text('policyNo', t('loans.policyNo'));
    text('guaranteeNo', t('loans.guaranteeNo'));
    text('contractNo', t('loans.contractNo'));
    text('disbursedOn', t('loans.disbursement.date'));
    text('bankTxnRef', t('loans.disbursement.bankTxnRef'));
    return out;
  };
}

/** 办理记录: every action on the loan, oldest first — who, which unit, when, the decision and the comment. */
export function LoanTimeline({ loan }: { loan: Loan }) {
  const { t, i18n } = useTranslation();
  const dataLines = useDataLines();
  if (loan.events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('loans.timeline.none')} />;

  const stepName = (e: LoanEvent) => {
    const step = e.stepIndex !== null ? loan.pipeline[e.stepIndex] : loan.pipeline.find((s) => s.key === e.stepKey);
    return step ? stepLabel(step, i18n.language) : null;
  };

  return (
    <Timeline
      className="tx-timeline"
      items={loan.events.map((e) => {
        const step = ['approve_step', 'return', 'reject'].includes(e.event) ? stepName(e) : null;
        const lines = dataLines(e.data);
        return {
          key: e.id,
          color: colors[e.event] ?? 'blue',
          content: (
            <div data-testid="loan-event">
              <div className="tx-event-head">
                <strong>{t(`loans.event.${e.event}`, { defaultValue: e.event })}</strong>
                {step && <span>· {step}</span>}
              </div>
              <div className="tx-event-meta">
                {[e.actorName, e.actorOrgName].filter(Boolean).join(' · ') || t('loans.timeline.system')} · <span className="tx-mono">{formatDateTimeShort(e.at)}</span>
              </div>
              {lines.length > 0 && <div className="tx-event-data">{lines.join('；')}</div>}
              {e.comment && <div className="tx-event-comment">{e.comment}</div>}
            </div>
          ),
        };
      })}
    />
  );
}
