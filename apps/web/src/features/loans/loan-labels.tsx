import type { LoanState } from '@tongxing/domain';
import { loanStates } from '@tongxing/domain';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PartyKind } from '@tongxing/contracts';

/** Colours that read at a glance: waiting (gold), money moving (blue/green), trouble (red), closed (grey). */
const stateColors: Record<LoanState, string> = {
  draft: 'default',
  submitted: 'gold',
  in_review: 'gold',
  returned: 'orange',
  approved: 'cyan',
  repaying: 'processing',
  settled: 'success',
  withdrawn: 'default',
  rejected: 'default',
  defaulted: 'error',
  claimed: 'volcano',
  recovered: 'purple',
  written_off: 'default',
};

export function LoanStateTag({ state, stepName }: { state: LoanState; stepName?: string | null }) {
  const { t } = useTranslation();
  const label = t(`loans.state.${state}`);
  return (
    <Tag color={stateColors[state]} style={{ marginInlineEnd: 0 }} data-testid="loan-state">
      {(state === 'in_review' || state === 'submitted') && stepName ? `${label} · ${stepName}` : label}
    </Tag>
  );
}

export function useLoanStateOptions() {
  const { t } = useTranslation();
  return loanStates.map((s) => ({ value: s, label: t(`loans.state.${s}`) }));
}

export const partyKinds: PartyKind[] = ['recommending_union', 'district', 'city', 'insurer', 'guarantor', 'bank'];

/** 劳模: shown wherever a loan is listed, because model workers are served first. */
export function ModelWorkerMark({ level }: { level: string }) {
  const { t } = useTranslation();
  if (!level || level === 'none') return null;
  return (
    <Tooltip title={t(`loans.modelWorkerLevel.${level}`, { defaultValue: level })}>
      <Tag color="red" variant="solid" style={{ marginInlineEnd: 4, paddingInline: 4, lineHeight: '18px' }} data-testid="model-worker-tag">
        {t('loans.modelWorker')}
      </Tag>
    </Tooltip>
  );
}

/** The name of a pipeline step in the page's language. */
export function stepLabel(step: { nameZh: string; nameEn: string }, lang: string): string {
  return lang === 'en' ? step.nameEn : step.nameZh;
}
