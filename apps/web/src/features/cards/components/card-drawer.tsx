import { Alert, App, Button, DatePicker, Descriptions, Drawer, Form, Input, Modal, Select, Skeleton, Space, Timeline, Typography } from 'antd';
import type { CardState } from '@tongxing/domain';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTimeShort, orDash } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { CardStateTag } from '../card-labels';
import { useBankCardEvent, useCancelCard, useCard, useReplaceCard, type CardBankEventKind } from '../cards-api';

/** What the bank may report on a card in each state (the card workflow's bank moves). */
const bankEvents: Record<CardState, CardBankEventKind[]> = {
  collected: ['issue', 'cancel'],
  applied: ['issue', 'cancel'],
  issued: ['activate', 'report_lost', 'cancel'],
  activated: ['freeze', 'report_lost', 'cancel'],
  frozen: ['unfreeze', 'report_lost', 'cancel'],
  lost: [],
  replaced: [],
  cancelled: [],
};

interface EventForm {
  cardNumber?: string;
  on?: dayjs.Dayjs;
  note?: string;
}

/** One card: the member, bank, masked number, dates, its history; the bank's and the union's moves. */
export function CardDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const showError = useApiError();
  const { data: card, isPending } = useCard(id);
  const bankEvent = useBankCardEvent();
  const cancel = useCancelCard();
  const replace = useReplaceCard();
  const [event, setEvent] = useState<CardBankEventKind | 'replace' | 'withdraw' | null>(null);
  const [form] = Form.useForm<EventForm>();
  const isBank = hasPermission(me, 'card:issue');
  const canApply = hasPermission(me, 'card:apply');

  const open = (e: typeof event) => {
    form.resetFields();
    setEvent(e);
  };

  const submit = async () => {
    if (!card || !event) return;
    const v = await form.validateFields();
    const on = v.on ? v.on.format('YYYY-MM-DD') : undefined;
    const done = () => {
      void message.success(t('common.done'));
      setEvent(null);
    };
    const fail = (err: unknown) => showError(err, form);
    if (event === 'withdraw') cancel.mutate({ id: card.id, reason: v.note ?? '' }, { onSuccess: done, onError: fail });
    else if (event === 'replace')
      replace.mutate({ id: card.id, body: { cardNumber: v.cardNumber ?? '', issuedOn: on ?? dayjs().format('YYYY-MM-DD'), ...(v.note ? { note: v.note } : {}), version: card.version } }, { onSuccess: done, onError: fail });
    else
      bankEvent.mutate(
        { id: card.id, body: { event, ...(v.cardNumber ? { cardNumber: v.cardNumber } : {}), ...(on ? { on } : {}), ...(v.note ? { note: v.note } : {}), version: card.version } },
        { onSuccess: done, onError: fail },
      );
  };

  const moves = card ? (isBank ? [...bankEvents[card.state], ...(card.state === 'lost' && !card.replacedByCardId ? (['replace'] as const) : [])] : []) : [];
  const canWithdraw = !!card && canApply && !isBank && (card.state === 'collected' || card.state === 'applied');
  const needsNumber = event === 'issue' || event === 'replace';
  const needsDate = event === 'issue' || event === 'activate' || event === 'replace';

  return (
    <Drawer open={id !== null} onClose={onClose} size={640} title={card ? `${card.memberName} · ${t('cards.drawer.title')}` : t('cards.drawer.title')} destroyOnHidden data-testid="card-drawer">
      {isPending || !card ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('cards.col.member')}>{card.memberName}</Descriptions.Item>
            <Descriptions.Item label={t('cards.col.idNumber')}>
              <span className="tx-mono">{card.idNumberMasked}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('cards.col.org')} span={2}>
              {card.orgName}
            </Descriptions.Item>
            <Descriptions.Item label={t('cards.col.programme')}>{card.programmeName}</Descriptions.Item>
            <Descriptions.Item label={t('cards.col.bank')}>{card.bankName}</Descriptions.Item>
            <Descriptions.Item label={t('cards.col.number')}>
              <span className="tx-mono">{orDash(card.numberMasked)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('cards.col.state')}>
              <CardStateTag state={card.state} />
            </Descriptions.Item>
            <Descriptions.Item label={t('cards.col.channel')}>{t(`cards.channel.${card.channel}`)}</Descriptions.Item>
            <Descriptions.Item label={t('cards.col.applied')}>{card.appliedAt ? card.appliedAt.slice(0, 10) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('cards.col.issued')}>{orDash(card.issuedOn)}</Descriptions.Item>
            <Descriptions.Item label={t('cards.col.activated')}>{orDash(card.activatedOn)}</Descriptions.Item>
            {card.closedAt && <Descriptions.Item label={t('cards.col.closed')}>{formatDateTimeShort(card.closedAt)}</Descriptions.Item>}
            {(card.replacesCardId || card.replacedByCardId) && (
              <Descriptions.Item label={t('cards.drawer.replacement')} span={2}>
                {card.replacesCardId ? t('cards.drawer.replaces', { id: card.replacesCardId }) : t('cards.drawer.replacedBy', { id: card.replacedByCardId })}
              </Descriptions.Item>
            )}
          </Descriptions>

          {(moves.length > 0 || canWithdraw) && (
            <Space wrap>
              {moves.map((m) => (
                <Button key={m} onClick={() => open(m)} danger={m === 'cancel' || m === 'report_lost'} type={m === 'issue' || m === 'activate' ? 'primary' : 'default'} data-testid={`card-event-${m}`}>
                  {t(`cards.event.${m}`)}
                </Button>
              ))}
              {canWithdraw && (
                <Button danger onClick={() => open('withdraw')} data-testid="card-withdraw">
                  {t('cards.event.withdraw')}
                </Button>
              )}
            </Space>
          )}

          <div>
            <Typography.Title level={5}>{t('cards.drawer.history')}</Typography.Title>
            <Timeline
              items={[...card.events].reverse().map((e) => ({
                key: e.id,
                color: e.toState === 'activated' ? 'green' : e.toState === 'lost' || e.toState === 'cancelled' ? 'red' : 'blue',
                content: (
                  <div>
                    <Space size={8}>
                      <b>{t(`cards.state.${e.toState}`)}</b>
                      <span className="tx-muted">{formatDateTimeShort(e.at)}</span>
                    </Space>
                    <div className="tx-muted" style={{ fontSize: 12 }}>
                      {t(`cards.source.${e.source}`, { defaultValue: e.source })}
                      {e.actorName ? ` · ${e.actorName}` : ''}
                      {e.importId ? ` · ${t('cards.drawer.importN', { id: e.importId })}` : ''}
                    </div>
                    {e.note && <div style={{ fontSize: 13 }}>{e.note}</div>}
                  </div>
                ),
              }))}
            />
          </div>
        </Space>
      )}
      <Modal
        open={event !== null}
        title={event ? t(`cards.event.${event}`) : ''}
        onCancel={() => setEvent(null)}
        onOk={() => void submit()}
        confirmLoading={bankEvent.isPending || cancel.isPending || replace.isPending}
        okText={t('common.confirm')}
        destroyOnHidden
      >
        {event === 'cancel' || event === 'report_lost' ? <Alert type="warning" showIcon title={t('cards.drawer.finalWarning')} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical" requiredMark={false}>
          {needsNumber && (
            <Form.Item name="cardNumber" label={t('cards.drawer.cardNumber')} rules={[{ required: true, message: t('common.required', { field: t('cards.drawer.cardNumber') }) }]} extra={t('cards.drawer.cardNumberHint')}>
              <Input inputMode="numeric" autoComplete="off" maxLength={30} data-testid="card-number-input" />
            </Form.Item>
          )}
          {(needsDate || (event && event !== 'withdraw')) && (
            <Form.Item name="on" label={t('cards.drawer.on')} rules={needsDate ? [{ required: true, message: t('common.selectRequired', { field: t('cards.drawer.on') }) }] : []}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: 200 }} />
            </Form.Item>
          )}
          <Form.Item
            name="note"
            label={event === 'withdraw' ? t('cards.drawer.reason') : t('cards.drawer.note')}
            rules={event === 'withdraw' ? [{ required: true, min: 2, message: t('common.required', { field: t('cards.drawer.reason') }) }] : []}
          >
            <Input.TextArea rows={2} maxLength={200} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}

export function CardStateSelect({ value, onChange }: { value: CardState[] | undefined; onChange: (v: CardState[]) => void }) {
  const { t } = useTranslation();
  const states: CardState[] = ['collected', 'applied', 'issued', 'activated', 'frozen', 'lost', 'replaced', 'cancelled'];
  return (
    <Select<CardState[]>
      mode="multiple"
      allowClear
      value={value ?? []}
      onChange={onChange}
      placeholder={t('cards.filter.state')}
      options={states.map((s) => ({ value: s, label: t(`cards.state.${s}`) }))}
      style={{ minWidth: 200 }}
      maxTagCount="responsive"
      data-testid="cards-state-filter"
    />
  );
}
