import type { Loan } from '@tongxing/contracts';
import { Steps } from 'antd';
import type { StepsProps } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { stepLabel } from '../loan-labels';

type Status = NonNullable<StepsProps['status']>;

/**
 * The pipeline as a Steps bar (the product's review steps, then 放款, 还款, 结清) with the loan's place in
 * it; each finished review step shows who passed it and when.
 */
export function LoanProgress({ loan }: { loan: Loan }) {
  const { t, i18n } = useTranslation();
  const n = loan.pipeline.length;
  const at = loan.stepIndex ?? 0;

  let current = 0;
  let status: Status = 'process';
  switch (loan.state) {
    case 'draft':
      current = 0;
      status = 'wait';
      break;
    case 'submitted':
    case 'in_review':
      current = at;
      break;
    case 'returned':
    case 'withdrawn':
    case 'rejected':
      current = at;
      status = loan.state === 'rejected' ? 'error' : 'wait';
      break;
    case 'approved':
      current = n;
      break;
    case 'repaying':
      current = n + 1;
      break;
    case 'settled':
      current = n + 2;
      status = 'finish';
      break;
    default:
      // defaulted, claimed, recovered, written off: the repayment stage went wrong.
      current = n + 1;
      status = 'error';
  }

  const passed = new Map<number, { who: string | null; when: string }>();
  for (const e of loan.events) {
    if (e.event === 'approve_step' && e.stepIndex !== null) passed.set(e.stepIndex, { who: e.actorOrgName ?? e.actorName, when: e.at });
  }

  const stateNote: Partial<Record<Loan['state'], string>> = {
    returned: t('loans.progress.returned'),
    withdrawn: t('loans.progress.withdrawn'),
    rejected: t('loans.progress.rejected'),
    draft: t('loans.progress.draft'),
  };

  const items: StepsProps['items'] = [
    ...loan.pipeline.map((step, i) => {
      const done = passed.get(i);
      let description: string;
      if (i === current && stateNote[loan.state]) description = stateNote[loan.state] ?? '';
      else if (done && i < current) description = `${done.who ?? ''} ${dayjs(done.when).format('MM-DD HH:mm')}`.trim();
      else if (i === current && status === 'process') description = loan.stepOrgName ?? t(`loans.party.${step.party}`);
      else description = t(`loans.party.${step.party}`);
      return { title: stepLabel(step, i18n.language), content: description };
    }),
    { title: t('loans.progress.disburse'), content: loan.disbursedOn ?? (loan.state === 'approved' ? loan.bankName ?? '' : '') },
    {
      title: t('loans.progress.repay'),
      content: status === 'error' && current === n + 1 ? t(`loans.state.${loan.state}`) : loan.maturityOn ? t('loans.progress.maturity', { date: loan.maturityOn }) : '',
    },
    { title: t('loans.progress.settle'), content: loan.settledOn ?? '' },
  ];

  return <Steps className="tx-loan-steps" size="small" titlePlacement="vertical" current={current} status={status} items={items} data-testid="loan-steps" />;
}
