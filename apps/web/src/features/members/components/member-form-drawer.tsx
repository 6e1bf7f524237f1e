import type { Member, MemberCreate, MemberPatch } from '@tongxing/contracts';
import { fieldMessages } from '@tongxing/contracts';
import { carriesFacts, normaliseIdNumber, type IdType, type ModelWorkerLevel, type WorkerCategory } from '@tongxing/domain';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Col, DatePicker, Divider, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space } from 'antd';
import type { FormRule } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../../../shared/api-client';
import { pickLabel } from '../../../shared/i18n';
import { useApiError } from '../../../shared/use-api-error';
import { OrgTreeSelect } from '../../orgs/components/org-tree-select';
import { holdsMembers, useMemberLabels } from '../member-labels';
import { memberKeys, useCreateMember, useMember, usePatchMember } from '../members-api';
import { IdFactsExtra, readIdNumber, useIdNumberRule } from './id-number-input';

interface Values {
  name: string;
  idType: IdType;
  idNumber?: string;
  phone?: string;
  clearPhone?: boolean;
  orgId?: number;
  gender?: 'M' | 'F';
  birthDate?: Dayjs | null;
  ethnicity?: string | null;
  employer?: string;
  joinDate?: Dayjs | null;
  category: WorkerCategory;
  modelWorkerLevel: ModelWorkerLevel;
  modelWorkerYear?: number | null;
  politicalStatus?: string | null;
  education?: string | null;
  tags: string[];
  note?: string;
}

export type MemberFormTarget = { mode: 'create'; orgId?: number } | { mode: 'edit'; member: Member };


const day = (v: string | null | undefined) => (v ? dayjs(v) : null);
const iso = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : undefined);
const text = (v: string | undefined | null) => (v?.trim() ? v.trim() : undefined);

function valuesOf(m: Member): Values {
  return {
    name: m.name,
    idType: m.idType,
    gender: m.gender ?? undefined,
    birthDate: day(m.birthDate),
    ethnicity: m.ethnicity,
    employer: m.employer ?? undefined,
    joinDate: day(m.joinDate),
    category: m.category,
    modelWorkerLevel: m.modelWorkerLevel,
    modelWorkerYear: m.modelWorkerYear,
    politicalStatus: m.politicalStatus,
    education: m.education,
    tags: m.tags,
    note: m.note ?? undefined,
  };
}

/** Only what changed goes to the server, with the version the editor saw (optimistic locking). */
function patchOf(m: Member, v: Values): MemberPatch {
  const p: MemberPatch = {};
  const set = <K extends keyof MemberPatch>(key: K, next: MemberPatch[K], current: unknown) => {
    if (JSON.stringify(next ?? null) !== JSON.stringify(current ?? null)) p[key] = next;
  };
  set('name', v.name.trim(), m.name);
  set('idType', v.idType, m.idType);
  const idNumber = text(v.idNumber);
  if (idNumber) p.idNumber = normaliseIdNumber(idNumber);
  if (!carriesFacts(v.idType)) {
    set('gender', v.gender, m.gender);
    set('birthDate', iso(v.birthDate), m.birthDate);
  }
  if (v.clearPhone) p.phone = null;
  else if (text(v.phone)) p.phone = text(v.phone);
  set('ethnicity', v.ethnicity ?? null, m.ethnicity);
  set('employer', text(v.employer) ?? null, m.employer);
  set('joinDate', iso(v.joinDate) ?? null, m.joinDate);
  set('category', v.category, m.category);
  set('modelWorkerLevel', v.modelWorkerLevel, m.modelWorkerLevel);
  set('modelWorkerYear', v.modelWorkerLevel === 'none' ? null : (v.modelWorkerYear ?? null), m.modelWorkerYear);
  set('politicalStatus', v.politicalStatus ?? null, m.politicalStatus);
  set('education', v.education ?? null, m.education);
  if ([...v.tags].sort().join('\n') !== [...m.tags].sort().join('\n')) p.tags = v.tags;
  set('note', text(v.note) ?? null, m.note);
  return p;
}

function createOf(v: Values): MemberCreate {
  const facts = carriesFacts(v.idType);
  return {
    name: v.name.trim(),
    idType: v.idType,
    idNumber: normaliseIdNumber(v.idNumber ?? ''),
    phone: (v.phone ?? '').trim(),
    orgId: v.orgId ?? 0,
    ...(facts ? {} : { gender: v.gender, birthDate: iso(v.birthDate) }),
    ...(v.ethnicity ? { ethnicity: v.ethnicity } : {}),
    ...(text(v.employer) ? { employer: text(v.employer) } : {}),
    ...(v.joinDate ? { joinDate: iso(v.joinDate) } : {}),
    category: v.category,
    modelWorkerLevel: v.modelWorkerLevel,
    ...(v.modelWorkerLevel !== 'none' && v.modelWorkerYear ? { modelWorkerYear: v.modelWorkerYear } : {}),
    ...(v.politicalStatus ? { politicalStatus: v.politicalStatus } : {}),
    ...(v.education ? { education: v.education } : {}),
    tags: v.tags,
    ...(text(v.note) ? { note: text(v.note) } : {}),
  };
}

interface Props {
  target: MemberFormTarget | null;
  onClose: () => void;
  onSaved: (member: Member, created: boolean) => void;
}

export function MemberFormDrawer({ target, onClose, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useApiError();
  const labels = useMemberLabels();
  const create = useCreateMember();
  const patch = usePatchMember();
  const editingId = target?.mode === 'edit' ? target.member.id : 0;
  // The freshest copy of the record being edited: after a conflict it reloads, and the form with it.
  const fresh = useMember(editingId);
  const editing = target?.mode === 'edit' ? (fresh.data ?? target.member) : null;
  const idType = (Form.useWatch('idType', form) ?? 'resident_id') as IdType;
  const idNumber = Form.useWatch('idNumber', form) as string | undefined;
  const level = Form.useWatch('modelWorkerLevel', form) as ModelWorkerLevel | undefined;
  const clearPhone = Form.useWatch('clearPhone', form) as boolean | undefined;
  const idRule = useIdNumberRule(() => form.getFieldValue('idType') as IdType, !editing);
  const factsInNumber = carriesFacts(idType);
  const typed = readIdNumber(idType, idNumber);

  const targetKey = target ? (target.mode === 'edit' ? `edit-${target.member.id}` : `create-${target.orgId ?? ''}`) : null;
  const version = editing?.version;
  useEffect(() => {
    if (!target) return;
    form.resetFields();
    if (target.mode === 'edit') {
      const m = queryClient.getQueryData<Member>(memberKeys.detail(target.member.id)) ?? target.member;
      form.setFieldsValue(valuesOf(m));
    } else {
      form.setFieldsValue({ idType: 'resident_id', category: 'other', modelWorkerLevel: 'none', tags: [], joinDate: dayjs(), ...(target.orgId ? { orgId: target.orgId } : {}) });
    }
    // Re-initialise when another target opens, or when a conflict brought a newer version.
  }, [targetKey, version]); // eslint-disable-line react-hooks/exhaustive-deps

  const onError = (err: unknown) => {
    if (err instanceof ProblemError && err.is('CONFLICT') && editing) {
      modal.warning({ title: t('members.conflictTitle'), content: t('members.conflictText') });
      void queryClient.invalidateQueries({ queryKey: memberKeys.detail(editing.id) });
      return;
    }
    showError(err, form);
  };

  const submit = (v: Values) => {
    if (!editing) {
      create.mutate(createOf(v), {
        onSuccess: (m) => {
          void message.success(t('members.created', { name: m.name }));
          onSaved(m, true);
        },
        onError,
      });
      return;
    }
    const changes = patchOf(editing, v);
    if (Object.keys(changes).length === 0) {
      void message.info(t('members.nothingChanged'));
      onClose();
      return;
    }
    patch.mutate(
      { id: editing.id, patch: { ...changes, version: editing.version } },
      {
        onSuccess: (m) => {
          void message.success(t('common.saved'));
          onSaved(m, false);
        },
        onError,
      },
    );
  };

  const req = (field: string): FormRule => ({ required: true, whitespace: true, message: t('common.required', { field }) });
  const pick = (field: string): FormRule => ({ required: true, message: t('common.selectRequired', { field }) });
  const phoneRule: FormRule = { pattern: /^\s*(1[3-9]\d{9})?\s*$/, message: pickLabel(fieldMessages['phone.invalid'], i18n.language) };
  const factsText = typed.facts
    ? `${labels.gender(typed.facts.gender)} · ${typed.facts.birthDate}`
    : editing && !typed.n && editing.idType === idType
      ? `${orNone(labels.gender(editing.gender))} · ${orNone(editing.birthDate)}`
      : t('members.factsFromId');

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={640}
      title={editing ? t('members.editTitle', { name: editing.name }) : t('members.createTitle')}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={() => form.submit()} loading={create.isPending || patch.isPending} data-testid="member-form-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} className="tx-member-form" data-testid="member-form">
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          {t('members.sectionIdentity')}
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('members.name')} rules={[req(t('members.name')), { max: 50 }]}>
              <Input maxLength={50} autoComplete="off" data-testid="member-form-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="idType" label={t('members.idType')} rules={[pick(t('members.idType'))]}>
              <Select options={labels.idTypeOptions} onChange={() => void form.validateFields(['idNumber']).catch(() => undefined)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="idNumber"
              label={t('members.idNumber')}
              rules={[idRule]}
              required={!editing}
              extra={typed.n ? <IdFactsExtra type={idType} /> : editing ? t('members.keepNumber', { masked: editing.idNumberMasked }) : undefined}
            >
              <Input maxLength={40} autoComplete="off" className="tx-mono" placeholder={editing?.idNumberMasked} data-testid="member-form-id" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="phone"
              label={t('members.phone')}
              rules={editing ? [phoneRule] : [req(t('members.phone')), phoneRule]}
              required={!editing}
              extra={
                editing?.phoneMasked ? (
                  <Space size={12} wrap>
                    {!clearPhone && <span>{t('members.keepNumber', { masked: editing.phoneMasked })}</span>}
                    <Form.Item name="clearPhone" valuePropName="checked" noStyle>
                      <Checkbox style={{ fontSize: 'inherit' }}>{t('members.clearPhone')}</Checkbox>
                    </Form.Item>
                  </Space>
                ) : undefined
              }
            >
              <Input maxLength={11} inputMode="numeric" autoComplete="off" className="tx-mono" placeholder={editing?.phoneMasked ?? undefined} disabled={!!clearPhone} data-testid="member-form-phone" />
            </Form.Item>
          </Col>
          {factsInNumber ? (
            <Col span={24}>
              <Form.Item label={t('members.genderAndBirth')} extra={t('members.factsFromIdHint')}>
                <span className={typed.facts ? undefined : 'tx-muted'} data-testid="member-form-facts">
                  {factsText}
                </span>
              </Form.Item>
            </Col>
          ) : (
            <>
              <Col span={12}>
                <Form.Item name="gender" label={t('members.gender')} rules={[pick(t('members.gender'))]}>
                  <Radio.Group options={[{ value: 'M', label: t('members.male') }, { value: 'F', label: t('members.female') }]} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="birthDate" label={t('members.birthDate')} rules={[pick(t('members.birthDate'))]}>
                  <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col span={12}>
            <Form.Item name="ethnicity" label={t('members.ethnicity')}>
              <Select options={labels.ethnicityOptions} allowClear showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="politicalStatus" label={t('members.politicalStatus')}>
              <Select options={labels.politicalOptions} allowClear />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="education" label={t('members.education')}>
              <Select options={labels.educationOptions} allowClear />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t('members.sectionMembership')}
        </Divider>
        <Row gutter={16}>
          <Col span={24}>
            {editing ? (
              <Form.Item label={t('members.org')} extra={t('members.orgByTransfer')}>
                <span>{editing.orgName}</span>
              </Form.Item>
            ) : (
              <Form.Item name="orgId" label={t('members.org')} rules={[pick(t('members.org'))]} extra={t('members.orgHint')}>
                <OrgTreeSelect style={{ width: '100%' }} allowClear={false} isDisabled={(org) => !holdsMembers(org)} data-testid="member-form-org" />
              </Form.Item>
            )}
          </Col>
          <Col span={12}>
            <Form.Item name="employer" label={t('members.employer')} rules={[{ max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="joinDate" label={t('members.joinDate')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="category" label={t('members.category')} rules={[pick(t('members.category'))]}>
              <Select options={labels.categoryOptions} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('members.modelWorker')} required={false}>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="modelWorkerLevel" noStyle>
                  <Select options={labels.levelOptions} style={{ width: '62%' }} />
                </Form.Item>
                <Form.Item name="modelWorkerYear" noStyle>
                  <InputNumber min={1950} max={2100} precision={0} placeholder={t('members.modelWorkerYear')} disabled={!level || level === 'none'} style={{ width: '38%' }} />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="tags" label={t('members.tags')} extra={t('members.tagsHint')}>
              <Select mode="tags" tokenSeparators={[',', '，', '、', ' ']} maxCount={20} open={false} suffixIcon={null} placeholder={t('members.tagsPlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="note" label={t('members.note')} rules={[{ max: 500 }]}>
              <Input.TextArea rows={2} maxLength={500} showCount />
            </Form.Item>
          </Col>
        </Row>
        {!editing && <Alert type="info" showIcon title={t('members.maskedNotice')} />}
      </Form>
    </Drawer>
  );
}

function orNone(v: string | null | undefined): string {
  return v ? v : '—';
}
