import type { JoinApplicationStatus } from '@tongxing/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const colors: Record<JoinApplicationStatus, string> = { pending: 'gold', approved: 'green', rejected: 'red', withdrawn: 'default' };

export function JoinStatusTag({ status }: { status: JoinApplicationStatus }) {
  const { t } = useTranslation();
  return <Tag color={colors[status]}>{t(`joinApplications.${status}`)}</Tag>;
}
