import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BatchState } from '../subsidy-batches-api';

const colors: Record<BatchState, string> = { prepared: 'gold', approved: 'blue', paid: 'success', cancelled: 'default' };

export function BatchStateTag({ state }: { state: BatchState }) {
  const { t } = useTranslation();
  return (
    <Tag color={colors[state]} style={{ marginInlineEnd: 0 }} data-testid="batch-state">
      {t(`subsidyBatches.states.${state}`)}
    </Tag>
  );
}
