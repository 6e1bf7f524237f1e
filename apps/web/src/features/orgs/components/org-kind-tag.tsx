import { Tag } from 'antd';
import { orgKindLabels, type OrgKind } from '@tongxing/domain';
import { useTranslation } from 'react-i18next';
import { pickLabel } from '../../../shared/i18n';

const kindColors: Record<OrgKind, string> = {
  city_federation: 'red',
  district_union: 'volcano',
  street_federation: 'orange',
  community_federation: 'gold',
  grassroots_union: 'green',
  branch: 'cyan',
  bank: 'blue',
  insurer: 'geekblue',
  guarantor: 'purple',
  merchant: 'magenta',
};

export function useKindLabel() {
  const { i18n } = useTranslation();
  return (kind: OrgKind) => pickLabel(orgKindLabels[kind], i18n.language);
}

export function OrgKindTag({ kind, compact }: { kind: OrgKind; compact?: boolean }) {
  const label = useKindLabel();
  return (
    <Tag color={kindColors[kind]} variant="outlined" style={compact ? { marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', paddingInline: 4 } : undefined}>
      {label(kind)}
    </Tag>
  );
}

export function OrgStatusTag({ status }: { status: 'active' | 'inactive' }) {
  const { t } = useTranslation();
  return status === 'active' ? <Tag color="success">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>;
}
