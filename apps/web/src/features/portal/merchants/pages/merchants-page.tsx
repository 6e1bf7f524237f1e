import type { MerchantCategoryCode } from '@tongxing/contracts';
import { merchantCategories } from '@tongxing/domain';
import { EnvironmentOutline } from 'antd-mobile-icons';
import { CapsuleTabs, CascadePicker, DotLoading, ErrorBlock, InfiniteScroll, SearchBar, Toast } from 'antd-mobile';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PortalPage } from '../../components/portal-page';
import { categoryGlyph, categoryLabel } from '../merchant-labels';
import { bpsPercent, distanceText, photoUrl, useDirectory, useMerchantUnits, type DirectoryFilter, type DirectoryItem } from '../portal-merchants-api';
import '../portal-merchants.css';

export function MerchantTerms({ item }: { item: Pick<DirectoryItem, 'category' | 'discountBps' | 'subsidyBps'> }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="tx-mm-terms">
      <span className="tx-mm-term tx-mm-term-cat">{categoryLabel(item.category, i18n.language)}</span>
      {!!item.discountBps && <span className="tx-mm-term tx-mm-term-discount">{t('portalMerchants.discount', { pct: bpsPercent(item.discountBps) })}</span>}
      {!!item.subsidyBps && <span className="tx-mm-term tx-mm-term-subsidy">{t('portalMerchants.subsidy', { pct: bpsPercent(item.subsidyBps) })}</span>}
    </div>
  );
}

function MerchantRow({ item }: { item: DirectoryItem }) {
  const navigate = useNavigate();
  const distance = distanceText(item.distanceM);
  return (
    <div className="tx-mm-item" role="link" onClick={() => void navigate(`/m/merchants/${item.id}`)} data-testid="m-merchant">
      {item.photoCount > 0 ? <img className="tx-mm-thumb" src={photoUrl(item.id, 1)} alt="" loading="lazy" /> : <div className="tx-mm-thumb">{categoryGlyph(item.category)}</div>}
      <div className="tx-mm-main">
        <div className="tx-mm-name">
          <b>{item.name}</b>
          {distance && <small data-testid="m-merchant-distance">{distance}</small>}
        </div>
        <MerchantTerms item={item} />
        <div className="tx-mm-addr">
          {item.districtName ? `${item.districtName} · ` : ''}
          {item.address}
        </div>
      </div>
    </div>
  );
}

/** Where the phone is, when the member allows it: the list is then sorted by distance. */
function locate(): Promise<{ lng: number; lat: number }> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('unavailable'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lng: Number(p.coords.longitude.toFixed(6)), lat: Number(p.coords.latitude.toFixed(6)) }),
      (e) => reject(e),
      { timeout: 10_000, maximumAge: 5 * 60_000 },
    );
  });
}

/** /m/merchants (特约商户): near me, by category and district, or by name; each leads to its terms. */
export function MerchantsPage() {
  const { t, i18n } = useTranslation();
  const [category, setCategory] = useState<MerchantCategoryCode | 'all'>('all');
  const [unit, setUnit] = useState<{ id: number; label: string } | null>(null);
  const [q, setQ] = useState('');
  const [here, setHere] = useState<{ lng: number; lat: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [pickUnit, setPickUnit] = useState(false);
  const units = useMerchantUnits();

  const filter: DirectoryFilter = {
    ...(category !== 'all' ? { category } : {}),
    ...(unit ? { orgId: unit.id } : {}),
    ...(q ? { q } : {}),
    ...(here ?? {}),
  };
  const { data, isPending, isError, refetch, fetchNextPage, hasNextPage } = useDirectory(filter);
  const items = data?.pages.flatMap((p) => p.items) ?? [];
  const total = data?.pages[0]?.total ?? 0;

  // Districts with their streets: “全区” first under each district.
  const unitOptions = useMemo(() => {
    const all = units.data?.items ?? [];
    const districts = all.filter((u) => u.kind === 'district_union');
    return districts.map((d) => ({
      label: d.name,
      value: String(d.id),
      children: [{ label: t('portalMerchants.wholeDistrict'), value: `d${d.id}` }, ...all.filter((s) => s.parentId === d.id).map((s) => ({ label: s.name, value: String(s.id) }))],
    }));
  }, [units.data, t]);

  const toggleNear = async () => {
    if (here) {
      setHere(null);
      return;
    }
    setLocating(true);
    try {
      setHere(await locate());
    } catch {
      Toast.show({ content: t('portalMerchants.noLocation') });
    } finally {
      setLocating(false);
    }
  };

  return (
    <PortalPage title={t('portalMerchants.title')} back="/m">
      <div className="tx-mm-filters">
        <SearchBar placeholder={t('portalMerchants.search')} onSearch={(v) => setQ(v.trim())} onClear={() => setQ('')} data-testid="m-merchants-search" />
        <CapsuleTabs activeKey={category} onChange={(k) => setCategory(k as MerchantCategoryCode | 'all')}>
          <CapsuleTabs.Tab key="all" title={t('portalMerchants.allCategories')} />
          {merchantCategories.map((c) => (
            <CapsuleTabs.Tab key={c} title={categoryLabel(c, i18n.language)} />
          ))}
        </CapsuleTabs>
        <div className="tx-mm-filter-row">
          <span className={unit ? 'tx-mm-chip tx-mm-chip-on' : 'tx-mm-chip'} onClick={() => setPickUnit(true)} data-testid="m-merchants-district">
            {unit ? unit.label : t('portalMerchants.allDistricts')} ▾
          </span>
          {unit && (
            <span className="tx-mm-chip" style={{ flex: 'none' }} onClick={() => setUnit(null)}>
              {t('portalMerchants.clear')}
            </span>
          )}
          <span className={here ? 'tx-mm-chip tx-mm-chip-on' : 'tx-mm-chip'} onClick={() => void toggleNear()} data-testid="m-merchants-near">
            {locating ? (
              <DotLoading />
            ) : (
              <>
                <EnvironmentOutline />
                {here ? t('portalMerchants.nearOn') : t('portalMerchants.near')}
              </>
            )}
          </span>
        </div>
      </div>
      <CascadePicker
        title={t('portalMerchants.pickDistrict')}
        options={unitOptions}
        visible={pickUnit}
        onClose={() => setPickUnit(false)}
        confirmText={t('common.confirm')}
        cancelText={t('common.cancel')}
        onConfirm={(v) => {
          const [districtId, inner] = v as string[];
          const district = unitOptions.find((d) => d.value === districtId);
          if (!district) return;
          const street = district.children.find((c) => c.value === inner);
          if (!street || inner?.startsWith('d')) setUnit({ id: Number(districtId), label: district.label });
          else setUnit({ id: Number(inner), label: street.label });
        }}
      />

      {isPending ? (
        <div style={{ textAlign: 'center', padding: 32 }}>
          <DotLoading color="primary" />
        </div>
      ) : isError ? (
        <ErrorBlock status="default" title={t('common.unexpectedError')} description={<a onClick={() => void refetch()}>{t('portal.retry')}</a>} />
      ) : items.length === 0 ? (
        <ErrorBlock status="empty" title={t('portalMerchants.empty')} description={t('portalMerchants.emptyHint')} />
      ) : (
        <>
          <div className="tx-mm-count" data-testid="m-merchants-count">
            {here ? t('portalMerchants.countNear', { count: total }) : t('portalMerchants.count', { count: total })}
          </div>
          <div data-testid="m-merchants-list">
            {items.map((m) => (
              <MerchantRow key={m.id} item={m} />
            ))}
          </div>
          <InfiniteScroll loadMore={async () => void (await fetchNextPage())} hasMore={!!hasNextPage}>
            {hasNextPage ? <DotLoading /> : <span>{t('portalMerchants.end')}</span>}
          </InfiniteScroll>
        </>
      )}
    </PortalPage>
  );
}
