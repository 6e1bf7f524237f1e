import { Empty, Image, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLoanVisitHistory, visitPhotoUrl } from '../loan-visits-api';
import { OperatingTag, RiskTag, visitNodeLabel } from '../visit-labels';

/**
 * Every follow-up visit of one loan, in plan order: what was found at the ones done, and the due dates of
 * the ones still planned. Usable on any page that shows a loan (`<LoanVisitHistory loanId={…} />`).
 */
export function LoanVisitHistory({ loanId, currentVisitId, onOpen }: { loanId: number; currentVisitId?: number; onOpen?: (visitId: number) => void }) {
  const { t } = useTranslation();
  const { items, isPending } = useLoanVisitHistory(loanId);
  if (isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('loanVisits.history.empty')} />;

  return (
    <Timeline
      data-testid="loan-visit-history"
      items={items.map((v) => {
        const done = v.state === 'done';
        const late = v.due === 'overdue';
        return {
          key: v.id,
          color: done ? (v.riskFlag ? 'red' : 'green') : late ? 'red' : v.due === 'missed' ? 'gray' : 'blue',
          content: (
            <div style={{ paddingBottom: 2 }} className={v.id === currentVisitId ? 'tx-lv-current' : undefined}>
              <Space size={6} wrap>
                <strong>{visitNodeLabel(v.label, t)}</strong>
                <span className="tx-muted">
                  {done ? `${t('loanVisits.doneOn')} ${v.doneOn ?? ''}` : `${t('loanVisits.dueOn')} ${v.dueOn}`}
                </span>
                {done ? <OperatingTag status={v.operatingStatus} /> : late ? <Tag color="error">{t('loanVisits.overdueDays', { days: v.daysOverdue })}</Tag> : <Tag>{t('loanVisits.history.planned')}</Tag>}
                {done && v.riskFlag && <RiskTag flag />}
                {onOpen && v.id !== currentVisitId && (
                  <Typography.Link onClick={() => onOpen(v.id)} style={{ fontSize: 12 }}>
                    {t('loanVisits.view')}
                  </Typography.Link>
                )}
              </Space>
              {done && (
                <div className="tx-lv-history-body">
                  {v.doneByName && <span className="tx-muted">{v.doneByName} · {v.orgName} · </span>}
                  {v.jobsCreated !== null && <span>{t('loanVisits.history.jobs', { n: v.jobsCreated })}</span>}
                  {v.useOfFunds && <div>{v.useOfFunds}</div>}
                  {v.riskNote && <div style={{ color: '#cf1322' }}>{v.riskNote}</div>}
                  {v.photos.length > 0 && (
                    <Image.PreviewGroup>
                      <Space size={4} style={{ marginTop: 4 }}>
                        {v.photos.map((p) => (
                          <Image key={p.n} src={visitPhotoUrl(v.id, p.n)} width={48} height={48} style={{ objectFit: 'cover', borderRadius: 4 }} alt={p.fileName} />
                        ))}
                      </Space>
                    </Image.PreviewGroup>
                  )}
                </div>
              )}
            </div>
          ),
        };
      })}
    />
  );
}
