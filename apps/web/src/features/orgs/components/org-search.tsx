import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Input, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgList } from '../orgs-api';
import { OrgKindTag } from './org-kind-tag';

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Finds units by name, short name or code anywhere in my scope; picking one reveals it in the tree. */
export function OrgSearch({ onLocate }: { onLocate: (id: number) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const { data, isFetching } = useOrgList({ q, pageSize: 20 }, q.length > 0);

  const options = q.length > 0
    ? (data?.items ?? []).map((org) => ({
        value: String(org.id),
        label: (
          <Space size={6} style={{ width: '100%', justifyContent: 'space-between' }}>
            <span className={org.status === 'inactive' ? 'tx-inactive' : undefined}>{org.name}</span>
            <OrgKindTag kind={org.kind} compact />
          </Space>
        ),
      }))
    : [];

  return (
    <AutoComplete
      value={text}
      options={options}
      onChange={setText}
      onSelect={(value: string) => {
        setText('');
        onLocate(Number(value));
      }}
      style={{ width: '100%' }}
      popupMatchSelectWidth={320}
      notFoundContent={q.length > 0 && !isFetching ? t('orgs.noMatch') : null}
    >
      <Input prefix={<SearchOutlined />} placeholder={t('orgs.searchPlaceholder')} allowClear data-testid="org-search" />
    </AutoComplete>
  );
}
