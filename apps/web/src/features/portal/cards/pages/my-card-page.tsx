import type { CardState } from '@tongxing/domain';
import { Button, Dialog, DotLoading, ErrorBlock, List, Selector, Steps, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTimeShort, orDash } from '../../../../shared/format';
import { PortalPage } from '../../components/portal-page';
import { usePortalError } from '../../portal-errors';
import { CardStateTag } from '../card-state-tag';
import { useApplyForCard, useCardAction, useMyCardTransactions, usePortalCard, type PortalCard, type PortalCardAction } from '../portal-cards-api';
import { categoryLabel } from '../../merchants/merchant-labels';
import type { MerchantCategoryCode } from '@tongxing/contracts';
import { formatYuan } from '@tongxing/domain';
import '../portal-cards.css';

/** Where the card stands in the funnel: 采集 → 申请 → 发卡 → 激活 (frozen cards were activated first). */
const stepOf: Record<CardState, number> = { collected: 0, applied: 1, issued: 2, activated: 3, frozen: 3, lost: 3, replaced: 3, cancelled: 0 };

/** The member's own moves on a live card, as the card workflow allows them to a member. */
function memberActions(state: CardState): PortalCardAction[] {
  if (state === 'collected' || state === 'applied') return ['cancel'];
  if (state === 'activated') return ['freeze', 'report-lost'];
  if (state === 'issued' || state === 'frozen') return ['report-lost'];
  return [];
}

function dateOnly(v: string | null): string {
  return v ? v.slice(0, 10) : '—';
}

/** The card drawn like the bank card it is: programme, bank, the masked number, its state. */
function ServiceCard({ card }: { card: PortalCard }) {
  const { t } = useTranslation();
  const muted = card.state === 'frozen' || card.state === 'collected';
  return (
    <div className={muted ? 'tx-mc-card tx-mc-card-muted' : 'tx-mc-card'} data-testid="m-card">
      <div className="tx-mc-card-head">
        <div>
          <b>{card.programmeName}</b>
          {!card.programmeName.includes(t('portalCards.card.kind')) && <span>{t('portalCards.card.kind')}</span>}
        </div>
        <span data-testid="m-card-bank">{card.bankName}</span>
      </div>
      <div className="tx-mc-chip" />
      {card.numberMasked ? (
        <div className="tx-mc-number" data-testid="m-card-number">
          {card.numberMasked}
        </div>
      ) : (
        <div className="tx-mc-number tx-mc-number-pending" data-testid="m-card-number">
          {t('portalCards.card.noNumber')}
        </div>
      )}
      <div className="tx-mc-card-foot">
        <span>
          {card.activatedOn
            ? t('portalCards.card.activatedOn', { date: card.activatedOn })
            : card.issuedOn
              ? t('portalCards.card.issuedOn', { date: card.issuedOn })
              : card.appliedAt
                ? t('portalCards.card.appliedOn', { date: dateOnly(card.appliedAt) })
                : ''}
        </span>
        <span className="tx-mc-state" data-testid="m-card-state" data-state={card.state}>
          {t(`portalCards.state.${card.state}`)}
        </span>
      </div>
    </div>
  );
}

function CardProgress({ card }: { card: PortalCard }) {
  const { t } = useTranslation();
  const current = stepOf[card.state];
  return (
    <div className="tx-mc-steps">
      <Steps current={current}>
        <Steps.Step title={t('portalCards.step.collected')} />
        <Steps.Step title={t('portalCards.step.applied')} description={card.appliedAt ? dateOnly(card.appliedAt).slice(5) : undefined} />
        <Steps.Step title={t('portalCards.step.issued')} description={card.issuedOn ? card.issuedOn.slice(5) : undefined} />
        <Steps.Step title={t('portalCards.step.activated')} description={card.activatedOn ? card.activatedOn.slice(5) : undefined} />
      </Steps>
    </div>
  );
}

function CardHistory({ card }: { card: PortalCard }) {
  const { t } = useTranslation();
  const events = [...card.events].reverse();
  if (events.length === 0) return null;
  return (
    <>
      <div className="tx-m-section-title">{t('portalCards.history')}</div>
      <div className="tx-m-card">
        <List data-testid="m-card-history">
          {events.map((e) => (
            <List.Item key={e.id}>
              <div className="tx-mc-event">
                <span>{t(`portalCards.event.${e.toState}`)}</span>
                <small>{formatDateTimeShort(e.at)}</small>
              </div>
              <div className="tx-mc-event-note">
                {t(`portalCards.source.${e.source}`, { defaultValue: e.source })}
                {e.note ? `：${e.note}` : ''}
              </div>
            </List.Item>
          ))}
        </List>
      </div>
    </>
  );
}

/** 我要办: what the card brings, the programme and bank when there is a choice, and one button. */
function ApplyPanel({ status }: { status: NonNullable<ReturnType<typeof usePortalCard>['data']> }) {
  const { t } = useTranslation();
  const apply = useApplyForCard();
  const showError = usePortalError();
  const [programmeId, setProgrammeId] = useState<number | undefined>(status.programmes[0]?.id);
  const programme = status.programmes.find((p) => p.id === programmeId) ?? status.programmes[0];
  const [bankOrgId, setBankOrgId] = useState<number | undefined>(undefined);
  const bank = programme?.banks.find((b) => b.orgId === bankOrgId) ?? (programme?.banks.length === 1 ? programme.banks[0] : undefined);
  const needsBank = (programme?.banks.length ?? 0) > 1 && !bank;

  const submit = async () => {
    if (!programme) return;
    const ok = await Dialog.confirm({
      title: t('portalCards.apply.confirmTitle'),
      content: t(status.applyChannel === 'street' ? 'portalCards.apply.confirmStreet' : 'portalCards.apply.confirm', { bank: bank?.name ?? '' }),
      confirmText: t('portalCards.apply.submit'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    apply.mutate(
      { programmeId: programme.id, ...(bank ? { bankOrgId: bank.orgId } : {}) },
      {
        onSuccess: () => Toast.show({ icon: 'success', content: t('portalCards.apply.done') }),
        onError: (err) => showError(err),
      },
    );
  };

  return (
    <div className="tx-mc-empty" data-testid="m-card-apply-panel">
      <div className="tx-mc-empty-art">卡</div>
      <h3>{t('portalCards.apply.title')}</h3>
      <p>{t('portalCards.apply.intro')}</p>
      <div className="tx-mc-benefits">
        <div>
          <b>{t('portalCards.apply.benefit1')}</b>
          {t('portalCards.apply.benefit1Hint')}
        </div>
        <div>
          <b>{t('portalCards.apply.benefit2')}</b>
          {t('portalCards.apply.benefit2Hint')}
        </div>
        <div>
          <b>{t('portalCards.apply.benefit3')}</b>
          {t('portalCards.apply.benefit3Hint')}
        </div>
      </div>
      {status.programmes.length > 1 && (
        <div className="tx-mc-picker">
          <div className="tx-mc-picker-label">{t('portalCards.apply.programme')}</div>
          <Selector
            columns={1}
            options={status.programmes.map((p) => ({ label: p.name, value: p.id }))}
            value={programme ? [programme.id] : []}
            onChange={(v) => {
              setProgrammeId(v[0]);
              setBankOrgId(undefined);
            }}
          />
        </div>
      )}
      {programme && programme.banks.length > 1 && (
        <div className="tx-mc-picker">
          <div className="tx-mc-picker-label">{t('portalCards.apply.bank')}</div>
          <Selector
            columns={1}
            options={programme.banks.map((b) => ({ label: b.name, value: b.orgId }))}
            value={bank ? [bank.orgId] : []}
            onChange={(v) => setBankOrgId(v[0])}
            data-testid="m-card-bank-picker"
          />
        </div>
      )}
      {programme && programme.banks.length === 1 && <p style={{ textAlign: 'center', marginBottom: 12 }}>{t('portalCards.apply.bankIs', { bank: programme.banks[0]!.name })}</p>}
      {status.applyChannel === 'street' && <p className="tx-mc-hint tx-mc-hint-warn">{t('portalCards.apply.street')}</p>}
      <Button block color="primary" size="large" disabled={!programme || needsBank} loading={apply.isPending} onClick={() => void submit()} data-testid="m-card-apply">
        {t('portalCards.apply.submit')}
      </Button>
    </div>
  );
}

const yuan = (fen: number) => `¥${formatYuan(fen)}`;

/** 我的用卡: what the union paid toward my purchases this month and this year, and my latest transactions. */
function MyTransactions({ hasCards }: { hasCards: boolean }) {
  const { t, i18n } = useTranslation();
  const { data } = useMyCardTransactions(hasCards);
  if (!hasCards || !data) return null;
  return (
    <>
      <div className="tx-m-section-title">{t('portalCards.txns.title')}</div>
      <div className="tx-m-card" data-testid="m-card-transactions">
        <div className="tx-mc-totals">
          <div>
            <div className="tx-mc-total-value">{yuan(data.monthSubsidyFen)}</div>
            <div className="tx-mc-total-label">{t('portalCards.txns.month', { count: data.monthPurchases })}</div>
          </div>
          <div>
            <div className="tx-mc-total-value">{yuan(data.yearSubsidyFen)}</div>
            <div className="tx-mc-total-label">{t('portalCards.txns.year')}</div>
          </div>
        </div>
        {data.items.length === 0 ? (
          <div className="tx-mc-event-note" style={{ padding: '8px 16px 16px' }}>
            {t('portalCards.txns.none')}
          </div>
        ) : (
          <List>
            {data.items.map((x) => (
              <List.Item
                key={x.id}
                description={`${categoryLabel(x.category as MerchantCategoryCode, i18n.language)} · ${formatDateTimeShort(x.occurredAt)}`}
                extra={
                  <div style={{ textAlign: 'right' }}>
                    <div className="tx-mono">{x.kind === 'refund' ? `-${yuan(x.amountFen)}` : yuan(x.amountFen)}</div>
                    <div className={x.subsidyFen < 0 ? 'tx-mc-subsidy tx-mc-subsidy-back' : 'tx-mc-subsidy'}>
                      {t(x.subsidyFen < 0 ? 'portalCards.txns.subsidyBack' : 'portalCards.txns.subsidy', { amount: yuan(Math.abs(x.subsidyFen)) })}
                    </div>
                  </div>
                }
              >
                {x.kind === 'refund' ? `${t('portalCards.txns.refund')} · ${x.merchantName}` : x.merchantName}
              </List.Item>
            ))}
          </List>
        )}
      </div>
    </>
  );
}

/** /m/card (我的服务卡): my card masked with its state and history, 我要办 when I have none, and what I may do. */
export function MyCardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, isPending, isError, refetch } = usePortalCard();
  const action = useCardAction();
  const showError = usePortalError();

  const act = async (card: PortalCard, kind: PortalCardAction) => {
    const ok = await Dialog.confirm({
      title: t(`portalCards.action.${kind}`),
      content: t(`portalCards.action.${kind}Confirm`, { bank: card.bankName }),
      confirmText: t('common.confirm'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    action.mutate(
      { action: kind },
      { onSuccess: () => Toast.show({ icon: 'success', content: t(`portalCards.action.${kind}Done`) }), onError: (err) => showError(err) },
    );
  };

  return (
    <PortalPage title={t('portalCards.title')} back="/m">
      {isPending ? (
        <div style={{ textAlign: 'center', padding: 32 }}>
          <DotLoading color="primary" />
        </div>
      ) : isError || !data ? (
        <ErrorBlock status="default" title={t('common.unexpectedError')} description={<a onClick={() => void refetch()}>{t('portal.retry')}</a>} />
      ) : (
        <>
          {data.card && data.card.state !== 'collected' ? (
            <>
              <ServiceCard card={data.card} />
              <div className={data.card.state === 'frozen' ? 'tx-mc-hint tx-mc-hint-warn' : 'tx-mc-hint'} data-testid="m-card-hint">
                {t(`portalCards.hint.${data.card.state}`, { bank: data.card.bankName })}
              </div>
              <CardProgress card={data.card} />
              {memberActions(data.card.state).length > 0 && (
                <div className="tx-m-card">
                  <List>
                    {memberActions(data.card.state).map((a) => (
                      <List.Item key={a} onClick={() => void act(data.card!, a)} data-testid={`m-card-${a}`} description={t(`portalCards.action.${a}Hint`)}>
                        {t(`portalCards.action.${a}`)}
                      </List.Item>
                    ))}
                  </List>
                </div>
              )}
              <CardHistory card={data.card} />
            </>
          ) : data.canApply ? (
            <>
              {data.card?.state === 'collected' && <div className="tx-mc-hint">{t('portalCards.hint.collected', { bank: data.card.bankName })}</div>}
              <ApplyPanel status={data} />
            </>
          ) : (
            <div className="tx-mc-empty" data-testid="m-card-none">
              <div className="tx-mc-empty-art">卡</div>
              <h3>{t('portalCards.none.title')}</h3>
              <p>{data.programmes.length === 0 ? t('portalCards.none.noProgramme') : t('portalCards.none.notActive')}</p>
            </div>
          )}

          <MyTransactions hasCards={!!data.card?.activatedOn || data.past.some((c) => !!c.activatedOn)} />

          {data.past.length > 0 && (
            <>
              <div className="tx-m-section-title">{t('portalCards.past')}</div>
              <div className="tx-m-card">
                <List>
                  {data.past.map((c) => (
                    <List.Item key={c.id} extra={<CardStateTag state={c.state} />} description={`${c.bankName} · ${t('portalCards.closedOn', { date: dateOnly(c.closedAt) })}`}>
                      <span className="tx-mono">{orDash(c.numberMasked)}</span>
                    </List.Item>
                  ))}
                </List>
              </div>
            </>
          )}

          <div className="tx-m-section-title">{t('portalCards.use')}</div>
          <div className="tx-m-card">
            <List>
              <List.Item onClick={() => void navigate('/m/merchants')} description={t('portalMerchants.entryHint')} data-testid="m-card-to-merchants">
                {t('portalMerchants.entry')}
              </List.Item>
            </List>
          </div>
        </>
      )}
    </PortalPage>
  );
}
