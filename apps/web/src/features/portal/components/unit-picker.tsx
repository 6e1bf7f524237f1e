import { CheckOutlined } from '@ant-design/icons';
import type { PortalUnit } from '@tongxing/contracts';
import { DotLoading, Empty, List, Popup, SearchBar } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnitSearch } from '../portal-api';

interface Props {
  value?: number | undefined;
  onChange?: (id: number | undefined) => void;
  kind: PortalUnit['kind'];
}

/**
 * Picks the union to join: a bottom sheet searching the public list of unions (or street federations) by
 * name — a street's name also finds the unions in it — with the district under each name.
 */
export function UnitPicker({ value, onChange, kind }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<PortalUnit | null>(null);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const units = useUnitSearch(q, kind, open);

  useEffect(() => {
    const id = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(id);
  }, [text]);

  // The form clears the value when the kind changes (has a union / has none); a stale pick never shows.
  const shown = picked && picked.id === value && picked.kind === kind ? picked : null;
  const items = units.data?.items ?? [];

  return (
    <>
      <div onClick={() => setOpen(true)} role="button" tabIndex={0} data-testid="m-unit-picker" style={{ cursor: 'pointer', minHeight: 24 }}>
        {shown ? (
          <div className="tx-m-unit-picked">
            {shown.name}
            {shown.districtName && <div className="tx-m-unit-sub">{shown.districtName}</div>}
          </div>
        ) : (
          <span className="tx-m-unit-placeholder">{t('portal.field.unitPlaceholder')}</span>
        )}
      </div>
      <Popup visible={open} onMaskClick={() => setOpen(false)} onClose={() => setOpen(false)} bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12 }} destroyOnClose>
        <div className="tx-m-popup-head">
          <SearchBar value={text} onChange={setText} placeholder={t('portal.join.searchPlaceholder')} data-testid="m-unit-search" />
          <a onClick={() => setOpen(false)} style={{ color: '#666', whiteSpace: 'nowrap' }}>
            {t('common.cancel')}
          </a>
        </div>
        <div className="tx-m-popup-list" data-testid="m-unit-list">
          {units.isPending && open ? (
            <div style={{ textAlign: 'center', padding: 24 }}>
              <DotLoading color="primary" />
            </div>
          ) : items.length === 0 ? (
            <Empty description={t('portal.join.noUnits')} />
          ) : (
            <List>
              {items.map((u) => (
                <List.Item
                  key={u.id}
                  arrowIcon={false}
                  description={u.districtName ?? undefined}
                  extra={u.id === value ? <CheckOutlined style={{ color: '#c8161d' }} /> : null}
                  onClick={() => {
                    setPicked(u);
                    onChange?.(u.id);
                    setOpen(false);
                  }}
                >
                  {u.name}
                </List.Item>
              ))}
            </List>
          )}
        </div>
      </Popup>
    </>
  );
}
