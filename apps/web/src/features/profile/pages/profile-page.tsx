import { GlobalOutlined, KeyOutlined, UserOutlined } from '@ant-design/icons';
import { App, Card, Col, Descriptions, Radio, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../app/language';
import { formatDateTime } from '../../../shared/format';
import { useCurrentUser } from '../../auth/auth-api';
import { PasswordChangeForm } from '../../auth/components/password-change-form';
import { OrgKindTag } from '../../orgs/components/org-kind-tag';
import { useRoleName } from '../../roles/roles-api';
import { TotpCard } from '../components/totp-card';
import type { OrgKind } from '@tongxing/domain';
import { orgKinds } from '@tongxing/domain';

function isOrgKind(kind: string): kind is OrgKind {
  return (orgKinds as readonly string[]).includes(kind);
}

export function ProfilePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { lang, setLang } = useLanguage();
  const roleName = useRoleName();
  const { message } = App.useApp();

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('profile.title')}</h2>
      </div>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={<Space><UserOutlined />{t('profile.info')}</Space>}>
            <Descriptions
              size="small"
              bordered
              column={1}
              items={[
                { key: 'username', label: t('profile.username'), children: <span className="tx-mono">{me.username}</span> },
                { key: 'displayName', label: t('profile.displayName'), children: me.displayName },
                {
                  key: 'org',
                  label: t('profile.org'),
                  children: (
                    <Space size={6}>
                      {me.org.name}
                      {isOrgKind(me.org.kind) && <OrgKindTag kind={me.org.kind} />}
                    </Space>
                  ),
                },
                {
                  key: 'roles',
                  label: t('profile.roles'),
                  children: me.roles.map((r) => (
                    <Tag key={r.id} color="red" variant="outlined">
                      {roleName(r)}
                    </Tag>
                  )),
                },
                { key: 'lastLogin', label: t('profile.lastLogin'), children: formatDateTime(me.lastLoginAt) },
              ]}
            />
          </Card>
          <Card size="small" title={<Space><KeyOutlined />{t('profile.password')}</Space>} style={{ marginTop: 12 }}>
            <div style={{ maxWidth: 420 }}>
              <PasswordChangeForm username={me.username} onChanged={() => void message.success(t('profile.passwordChanged'))} />
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <TotpCard />
          <Card size="small" title={<Space><GlobalOutlined />{t('profile.language')}</Space>} style={{ marginTop: 12 }}>
            <Radio.Group value={lang} onChange={(e) => setLang(e.target.value === 'en' ? 'en' : 'zh-CN')} optionType="button" buttonStyle="solid">
              <Radio.Button value="zh-CN">{t('common.languageZh')}</Radio.Button>
              <Radio.Button value="en">{t('common.languageEn')}</Radio.Button>
            </Radio.Group>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('profile.languageHint')}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </>
  );
}
