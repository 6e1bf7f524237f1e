import { DotLoading, ErrorBlock, List, Swiper } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { orDash } from '../../../../shared/format';
import { PortalPage } from '../../components/portal-page';
import { bpsPercent, distanceText, photoUrl, useDirectoryMerchant, yuan } from '../portal-merchants-api';
import { MerchantTerms } from './merchants-page';
import '../portal-merchants.css';

/** A map app's marker for the shop (AMap's URI works in any phone browser and opens the app when present). */
function mapLink(name: string, lng: number, lat: number): string {
  return `https://uri.amap.com/marker?position=${lng},${lat}&name=${encodeURIComponent(name)}&callnative=1`;
}

/** /m/merchants/:id: the shop's photos, today's member discount and union subsidy with their caps, where and when. */
export function MerchantPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const { data: m, isPending, isError } = useDirectoryMerchant(id);
  return (
    <PortalPage title={t('portalMerchants.detailTitle')} back="/m/merchants">
      {isPending ? (
        <div style={{ textAlign: 'center', padding: 32 }}>
          <DotLoading color="primary" />
        </div>
      ) : isError || !m ? (
        <ErrorBlock status="empty" title={t('portalMerchants.gone')} />
      ) : (
        <>
          {m.photos.length > 0 && (
            <div className="tx-mm-hero">
              <Swiper loop={m.photos.length > 1}>
                {m.photos.map((p) => (
                  <Swiper.Item key={p.n}>
                    <img src={photoUrl(m.id, p.n)} alt="" />
                  </Swiper.Item>
                ))}
              </Swiper>
            </div>
          )}
          <div className="tx-mm-head" data-testid="m-merchant-detail">
            <h2>{m.name}</h2>
            <MerchantTerms item={m} />
            <div className="tx-mm-benefit">
              <div>
                <span>{t('portalMerchants.discountLabel')}</span>
                <b>{m.discountBps ? bpsPercent(m.discountBps) : '—'}</b>
              </div>
              <div>
                <span>{t('portalMerchants.subsidyLabel')}</span>
                <b>{m.subsidyBps ? bpsPercent(m.subsidyBps) : '—'}</b>
              </div>
            </div>
          </div>
          <div className="tx-m-card">
            <List>
              {m.capPerTxnFen !== null && <List.Item extra={yuan(m.capPerTxnFen)}>{t('portalMerchants.capPerTxn')}</List.Item>}
              {m.capPerMonthFen !== null && <List.Item extra={yuan(m.capPerMonthFen)}>{t('portalMerchants.capPerMonth')}</List.Item>}
              {m.validTo && <List.Item extra={m.validTo}>{t('portalMerchants.validTo')}</List.Item>}
              <List.Item extra={orDash(m.openingHours)}>{t('portalMerchants.hours')}</List.Item>
              <List.Item extra={m.districtName ? `${m.districtName} · ${m.orgName}` : m.orgName}>{t('portalMerchants.union')}</List.Item>
              <List.Item
                description={m.address}
                extra={
                  m.lng !== null && m.lat !== null ? (
                    <a href={mapLink(m.name, m.lng, m.lat)} target="_blank" rel="noreferrer">
                      {t('portalMerchants.navigate')}
                    </a>
                  ) : undefined
                }
              >
                {t('portalMerchants.address')}
                {m.distanceM !== null ? ` · ${distanceText(m.distanceM)}` : ''}
              </List.Item>
            </List>
          </div>
          <div className="tx-m-hint">{t('portalMerchants.howTo')}</div>
          {m.description && (
            <>
              <div className="tx-m-section-title">{t('portalMerchants.about')}</div>
              <div className="tx-m-card tx-mm-desc">{m.description}</div>
            </>
          )}
        </>
      )}
    </PortalPage>
  );
}
