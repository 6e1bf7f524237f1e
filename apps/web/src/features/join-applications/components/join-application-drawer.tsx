import { Alert, Button, Descriptions, Drawer, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime, orDash } from '../../../shared/format';
import { useDictionaryLabels } from '../../portal/portal-labels';
import { useJoinApplication } from '../join-applications-api';
import type { Decision } from './decision-modals';
import { JoinStatusTag } from './join-status-tag';

/** One application in full (numbers masked), with the decision buttons while it is pending. */
export function JoinApplicationDrawer({ id, onClose, onDecide }: { id: number | null; onClose: () => void; onDecide: (d: NonNullable<Decision>) => void }) {
  const { t } = useTranslation();
  const labels = useDictionaryLabels();
  const { data: app, isFetching } = useJoinApplication(id);
  const shown = app && app.id === id ? app : null;

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={560}
      title={shown ? t('joinApplications.detailTitle', { name: shown.name }) : ''}
      extra={
        shown?.status === 'pending' && (
          <Space>
            <Button danger onClick={() => onDecide({ kind: 'reject', app: shown })} data-testid="join-drawer-reject">
              {t('joinApplications.reject')}
            </Button>
            <Button type="primary" onClick={() => onDecide({ kind: 'approve', app: shown })} data-testid="join-drawer-approve">
              {t('joinApplications.approve')}
            </Button>
          </Space>
        )
      }
      data-testid="join-drawer"
    >
      {!shown ? (
        <Spin spinning={isFetching} />
      ) : (
        <>
          <Alert type="info" showIcon title={t('joinApplications.maskedHint')} style={{ marginBottom: 12 }} />
          <Descriptions
            size="small"
            bordered
            column={1}
            styles={{ label: { width: 120 } }}
            title={t('joinApplications.person')}
            items={[
              { key: 'reference', label: t('joinApplications.reference'), children: <span className="tx-mono">{shown.reference}</span> },
              { key: 'name', label: t('joinApplications.name'), children: shown.name },
              { key: 'idType', label: t('joinApplications.idType'), children: labels.idType(shown.idType) },
              { key: 'idNumber', label: t('joinApplications.idNumber'), children: <span className="tx-mono">{shown.idNumberMasked}</span> },
              { key: 'gender', label: t('joinApplications.gender'), children: shown.gender === 'M' ? t('joinApplications.male') : shown.gender === 'F' ? t('joinApplications.female') : '—' },
              { key: 'birthDate', label: t('joinApplications.birthDate'), children: orDash(shown.birthDate) },
              { key: 'phone', label: t('joinApplications.phone'), children: <span className="tx-mono">{shown.phoneMasked}</span> },
              { key: 'employer', label: t('joinApplications.employer'), children: shown.employer },
              { key: 'org', label: t('joinApplications.org'), children: shown.orgName },
              { key: 'category', label: t('joinApplications.category'), children: orDash(labels.category(shown.category)) },
              { key: 'ethnicity', label: t('joinApplications.ethnicity'), children: orDash(labels.ethnicity(shown.ethnicity)) },
              { key: 'political', label: t('joinApplications.politicalStatus'), children: orDash(labels.political(shown.politicalStatus)) },
              { key: 'education', label: t('joinApplications.education'), children: orDash(labels.education(shown.education)) },
              { key: 'createdAt', label: t('joinApplications.createdAt'), children: formatDateTime(shown.createdAt) },
            ]}
          />
          <Descriptions
            size="small"
            bordered
            column={1}
            styles={{ label: { width: 120 } }}
            style={{ marginTop: 16 }}
            title={t('joinApplications.decision')}
            items={[
              { key: 'status', label: t('joinApplications.status'), children: <JoinStatusTag status={shown.status} /> },
              { key: 'decidedAt', label: t('joinApplications.decidedAt'), children: formatDateTime(shown.decidedAt) },
              { key: 'decidedBy', label: t('joinApplications.decidedBy'), children: orDash(shown.decidedByName) },
              ...(shown.rejectReason ? [{ key: 'reason', label: t('joinApplications.rejectReason'), children: shown.rejectReason }] : []),
              ...(shown.memberId ? [{ key: 'member', label: t('joinApplications.member'), children: <Link to={`/members/${shown.memberId}`}>{t('joinApplications.openMember')}</Link> }] : []),
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
