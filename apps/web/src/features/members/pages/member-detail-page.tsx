import '../members.css';
import { ArrowLeftOutlined, EditOutlined, EyeInvisibleOutlined, EyeOutlined, SwapOutlined } from '@ant-design/icons';
import type { Member } from '@tongxing/contracts';
import { Button, Card, Descriptions, Result, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ProblemError } from '../../../shared/api-client';
import { formatDateTime, orDash } from '../../../shared/format';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { TransferOutModal } from '../../member-transfers/components/transfer-out-modal';
import { MemberFormDrawer, type MemberFormTarget } from '../components/member-form-drawer';
import { MemberHistory } from '../components/member-history';
import { MemberStatusMenu } from '../components/member-status-menu';
import { RevealModal, useRevealedNumbers, type Revealed } from '../components/reveal-modal';
import { MemberStatusTag, ModelWorkerTag, useMemberLabels } from '../member-labels';
import { useMember } from '../members-api';

function PersonalNumber({ masked, clear, revealed, testId }: { masked: string | null; clear: string | null | undefined; revealed: Revealed | null; testId: string }) {
  if (revealed && clear) {
    return (
      <span className="tx-mono tx-revealed" data-testid={testId}>
        {clear}
      </span>
    );
  }
  return (
    <span className="tx-mono" data-testid={testId}>
      {orDash(masked)}
    </span>
  );
}

export function MemberDetailPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const me = useCurrentUser();
  const navigate = useNavigate();
  const labels = useMemberLabels();
  const { data: member, error, isPending, refetch } = useMember(Number.isInteger(id) ? id : 0);
  const { revealed, show, hide } = useRevealedNumbers(id);
  const [asking, setAsking] = useState(false);
  const [formTarget, setFormTarget] = useState<MemberFormTarget | null>(null);
  const [transferring, setTransferring] = useState<Member | null>(null);
  const canWrite = hasPermission(me, 'member:write');
  const canReveal = hasPermission(me, 'member:reveal');
  const canTransfer = hasPermission(me, 'member:transfer');

  const back = () => (window.history.length > 1 ? void navigate(-1) : void navigate('/members'));

  if (!Number.isInteger(id) || id <= 0 || (error instanceof ProblemError && error.status === 404)) {
    return (
      <Result
        status="404"
        title={t('members.notFoundTitle')}
        subTitle={t('members.notFoundText')}
        extra={
          <Button type="primary" onClick={() => void navigate('/members')}>
            {t('members.backToRoster')}
          </Button>
        }
      />
    );
  }
  if (isPending || !member) {
    return (
      <Card size="small">
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }

  const active = member.status === 'active';
  const revealButton = canReveal ? (
    revealed ? (
      <Space size={6}>
        <Tag color="warning" style={{ marginInlineEnd: 0 }} data-testid="reveal-countdown">
          {t('members.revealCountdown', { seconds: revealed.secondsLeft })}
        </Tag>
        <Button size="small" type="link" icon={<EyeInvisibleOutlined />} onClick={hide}>
          {t('members.hideNow')}
        </Button>
      </Space>
    ) : (
      <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setAsking(true)} data-testid="reveal-button">
        {t('members.reveal')}
      </Button>
    )
  ) : null;

  const item = (key: string, label: string, children: ReactNode, span?: number) => ({ key, label, children, ...(span ? { span } : {}) });
  const items = [
    item('name', t('members.name'), member.name),
    item('gender', t('members.gender'), orDash(labels.gender(member.gender))),
    item('birthDate', t('members.birthDate'), <span className="tx-mono">{orDash(member.birthDate)}</span>),
    item('idType', t('members.idType'), labels.idType(member.idType)),
    item(
      'idNumber',
      t('members.idNumber'),
      <Space size={4} wrap>
        <PersonalNumber masked={member.idNumberMasked} clear={revealed?.idNumber} revealed={revealed} testId="member-id-number" />
        {revealButton}
      </Space>,
      2,
    ),
    item('phone', t('members.phone'), <PersonalNumber masked={member.phoneMasked} clear={revealed?.phone} revealed={revealed} testId="member-phone" />),
    item('ethnicity', t('members.ethnicity'), orDash(labels.ethnicity(member.ethnicity))),
    item('politicalStatus', t('members.politicalStatus'), orDash(labels.political(member.politicalStatus))),
    item('org', t('members.org'), member.orgName, 2),
    item('joinDate', t('members.joinDate'), <span className="tx-mono">{orDash(member.joinDate)}</span>),
    item('employer', t('members.employer'), orDash(member.employer), 2),
    item('education', t('members.education'), orDash(labels.education(member.education))),
    item('category', t('members.category'), labels.category(member.category)),
    item('modelWorker', t('members.modelWorker'), member.modelWorkerLevel === 'none' ? labels.level('none') : <ModelWorkerTag level={member.modelWorkerLevel} year={member.modelWorkerYear} />),
    item('status', t('members.status'), <MemberStatusTag status={member.status} />),
    item('tags', t('members.tags'), member.tags.length ? member.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : '—', 2),
    item('portal', t('members.portalAccount'), member.hasPortalAccount ? t('members.portalYes') : t('members.portalNo')),
    item('note', t('members.note'), <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{orDash(member.note)}</Typography.Text>, 3),
    item('createdAt', t('members.createdAt'), formatDateTime(member.createdAt)),
    item('updatedAt', t('members.updatedAt'), formatDateTime(member.updatedAt), 2),
  ];

  return (
    <>
      <div className="tx-page-title">
        <Space size={8}>
          <Button type="text" size="small" icon={<ArrowLeftOutlined />} onClick={back} title={t('members.backToRoster')} />
          <h2>{t('members.detailTitle')}</h2>
        </Space>
      </div>
      <Card
        size="small"
        title={
          <Space size={8}>
            <span style={{ fontSize: 16 }} data-testid="member-detail-name">
              {member.name}
            </span>
            <MemberStatusTag status={member.status} />
            <ModelWorkerTag level={member.modelWorkerLevel} />
            <span className="tx-muted" style={{ fontWeight: 'normal', fontSize: 13 }}>
              {member.orgName}
            </span>
          </Space>
        }
        extra={
          <Space size={6}>
            {canWrite && (
              <Button size="small" icon={<EditOutlined />} onClick={() => setFormTarget({ mode: 'edit', member })} data-testid="member-edit">
                {t('common.edit')}
              </Button>
            )}
            {canWrite && <MemberStatusMenu member={member} onConflict={() => void refetch()} />}
            {canTransfer && (
              <Tooltip title={active ? undefined : t('transfers.onlyActive')}>
                <Button size="small" icon={<SwapOutlined />} onClick={() => setTransferring(member)} disabled={!active} data-testid="member-transfer-out">
                  {t('transfers.out')}
                </Button>
              </Tooltip>
            )}
          </Space>
        }
      >
        <Descriptions size="small" bordered column={3} items={items} styles={{ label: { width: 124 } }} data-testid="member-descriptions" />
        {canReveal && !revealed && (
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
            {t('members.maskedNotice')}
          </Typography.Text>
        )}
      </Card>
      <MemberHistory memberId={member.id} />
      <RevealModal memberId={asking ? member.id : null} memberName={member.name} onClose={() => setAsking(false)} onRevealed={show} />
      <MemberFormDrawer target={formTarget} onClose={() => setFormTarget(null)} onSaved={() => setFormTarget(null)} />
      <TransferOutModal member={transferring} onClose={() => setTransferring(null)} />
    </>
  );
}
