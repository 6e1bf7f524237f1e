import type { PortalUnit } from '@tongxing/contracts';
import { InputNumber, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OrgKindTag } from '../../orgs/components/org-kind-tag';
import { usePublicUnits } from '../transfers-api';

interface Props {
  value?: number;
  onChange?: (value: number | undefined) => void;
  /** A unit that cannot be the target (the member's present union). */
  excludeId?: number;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * The receiving union of a transfer out, anywhere in the city (not only in my scope): grassroots unions
 * and street federations from the public unit search. Without that search on the server, the unit's id.
 */
export function CityUnitPicker({ value, onChange, excludeId }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const units = usePublicUnits(q);
  // The chosen unit stays labelled while a new search replaces the options.
  const [chosen, setChosen] = useState<PortalUnit | null>(null);

  if (units.missing) {
    return (
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <InputNumber<number> value={value ?? null} onChange={(v) => onChange?.(v ?? undefined)} min={1} precision={0} style={{ width: '100%' }} placeholder={t('transfers.unitIdPlaceholder')} data-testid="transfer-unit-id" />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('transfers.unitSearchMissing')}
        </Typography.Text>
      </Space>
    );
  }

  const found = units.data?.items ?? [];
  const list = chosen && chosen.id === value && !found.some((u) => u.id === chosen.id) ? [chosen, ...found] : found;
  const options = list
    .filter((u) => u.id !== excludeId)
    .map((u) => ({
      value: u.id,
      label: u.name,
      title: u.name,
      unit: u,
    }));
  return (
    <Select<number>
      value={value}
      onChange={(v) => {
        setChosen(list.find((u) => u.id === v) ?? null);
        onChange?.(v);
      }}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      options={options}
      optionRender={(o) => (
        <Space size={6} style={{ width: '100%', justifyContent: 'space-between' }}>
          <span>
            {o.data.unit.name}
            {o.data.unit.districtName && <span className="tx-muted">（{o.data.unit.districtName}）</span>}
          </span>
          <OrgKindTag kind={o.data.unit.kind} compact />
        </Space>
      )}
      loading={units.isFetching}
      placeholder={t('transfers.unitSearchPlaceholder')}
      notFoundContent={units.isFetching ? null : t('transfers.noUnit')}
      allowClear
      style={{ width: '100%' }}
      data-testid="transfer-unit-search"
    />
  );
}
