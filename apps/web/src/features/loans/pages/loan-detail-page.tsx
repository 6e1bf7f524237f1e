import '../loans.css';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { lentStates } from '@tongxing/domain';
import { Badge, Button, Card, Col, Result, Row, Skeleton, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ProblemError } from '../../../shared/api-client';
import { AttachmentsPanel } from '../components/attachments-panel';
import { DecisionForm } from '../components/decision-form';
import { DefaultActions } from '../components/default-actions';
import { DisbursementCard } from '../components/disbursement-card';
import { LoanProgress } from '../components/loan-progress';
import { LoanSummary } from '../components/loan-summary';
import { LoanTimeline } from '../components/loan-timeline';
import { RepaymentsPanel } from '../components/repayments-panel';
import { ScheduleTable } from '../components/schedule-table';
import { useLoan, useLoanSchedule } from '../loans-api';

const decisionEvents = ['approve_step', 'return', 'reject'];

export function LoanDetailPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const valid = Number.isInteger(id) && id > 0;
  const navigate = useNavigate();
  const { data: loan, error, isPending, refetch, isFetching } = useLoan(valid ? id : 0);
  const lent = !!loan && (lentStates as readonly string[]).includes(loan.state);
  const schedule = useLoanSchedule(valid ? id : 0, lent);
  const [tab, setTab] = useState<string | null>(null);

  const back = () => (window.history.length > 1 ? void navigate(-1) : void navigate('/loans'));

  if (!valid || (error instanceof ProblemError && error.status === 404)) {
    return (
      <Result
        status="404"
        title={t('loans.detail.notFoundTitle')}
        subTitle={t('loans.detail.notFoundText')}
        extra={
          <Button type="primary" onClick={() => void navigate('/loans')}>
            {t('loans.detail.backToBook')}
          </Button>
        }
      />
    );
  }
  if (isPending || !loan) {
    return (
      <Card size="small">
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  }

  const myStep = loan.actions.some((a) => decisionEvents.includes(a));
  const showDisbursement = loan.state === 'approved' || loan.disbursement !== null;
  const overdueRows = schedule.data?.rows.filter((r) => r.status === 'overdue').length ?? 0;
  const tabs = [
    ...(lent
      ? [
          {
            key: 'schedule',
            label: (
              <Badge count={overdueRows} size="small" offset={[8, -2]}>
                {t('loans.detail.schedule')}
              </Badge>
            ),
            children: <ScheduleTable schedule={schedule.data} loading={schedule.isLoading} />,
          },
          { key: 'repayments', label: t('loans.detail.repayments'), children: <RepaymentsPanel loan={loan} /> },
        ]
      : []),
    { key: 'attachments', label: `${t('loans.detail.attachments')} (${loan.attachments.length})`, children: <AttachmentsPanel loan={loan} /> },
  ];
  const activeTab = tab && tabs.some((x) => x.key === tab) ? tab : (tabs[0]?.key ?? 'attachments');

  return (
    <>
      <div className="tx-page-title">
        <Space size={8}>
          <Button type="text" size="small" icon={<ArrowLeftOutlined />} onClick={back} title={t('loans.detail.back')} />
          <h2>{t('loans.detail.title')}</h2>
        </Space>
        <Button icon={<ReloadOutlined />} loading={isFetching} onClick={() => void refetch()}>
          {t('common.refresh')}
        </Button>
      </div>
      <LoanSummary loan={loan} />
      <Card size="small" style={{ marginTop: 12 }}>
        <LoanProgress loan={loan} />
      </Card>
      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {myStep && <DecisionForm key={`${loan.id}-${loan.version}`} loan={loan} />}
            {showDisbursement && <DisbursementCard loan={loan} />}
            <DefaultActions loan={loan} />
            <Card size="small" styles={{ body: { paddingTop: 0 } }}>
              <Tabs activeKey={activeTab} onChange={setTab} items={tabs} data-testid="loan-tabs" />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('loans.detail.timeline')} data-testid="loan-timeline">
            <LoanTimeline loan={loan} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
