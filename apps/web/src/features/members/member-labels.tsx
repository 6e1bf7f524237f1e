import {
  educationLevels,
  ethnicities,
  idTypeLabels,
  idTypes,
  memberStatuses,
  memberStatusLabels,
  modelWorkerLevelLabels,
  modelWorkerLevels,
  politicalStatuses,
  workerCategories,
  workerCategoryLabels,
  type IdType,
  type MemberStatus,
  type ModelWorkerLevel,
  type WorkerCategory,
} from '@tongxing/domain';
import { Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLabel } from '../../shared/i18n';

type Entry = { zh: string; en: string };

/** Units a member may belong to: an active grassroots union, or a street federation for workers whose employer has none. */
export const holdsMembers = (org: { kind: string; status: string }) => (org.kind === 'grassroots_union' || org.kind === 'street_federation') && org.status === 'active';

function dictLabel(dict: Record<string, Entry>, code: string | null | undefined, lang: string): string {
  if (!code) return '';
  const e = dict[code];
  return e ? pickLabel(e, lang) : code;
}

/** Labels and select options of the member dictionaries, in the current language. */
export function useMemberLabels() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return useMemo(() => {
    const options = <K extends string>(codes: readonly K[], dict: Record<K, Entry>) => codes.map((c) => ({ value: c, label: pickLabel(dict[c], lang) }));
    const dictOptions = (dict: Record<string, Entry>) => Object.entries(dict).map(([value, e]) => ({ value, label: pickLabel(e, lang) }));
    return {
      status: (s: string) => dictLabel(memberStatusLabels, s, lang),
      category: (c: string) => dictLabel(workerCategoryLabels, c, lang),
      level: (l: string) => dictLabel(modelWorkerLevelLabels, l, lang),
      idType: (i: string) => dictLabel(idTypeLabels, i, lang),
      ethnicity: (c: string | null) => dictLabel(ethnicities, c, lang),
      political: (c: string | null) => dictLabel(politicalStatuses, c, lang),
      education: (c: string | null) => dictLabel(educationLevels, c, lang),
      gender: (g: string | null) => (g === 'M' ? t('members.male') : g === 'F' ? t('members.female') : ''),
      statusOptions: options<MemberStatus>(memberStatuses, memberStatusLabels),
      categoryOptions: options<WorkerCategory>(workerCategories, workerCategoryLabels),
      levelOptions: options<ModelWorkerLevel>(modelWorkerLevels, modelWorkerLevelLabels),
      idTypeOptions: options<IdType>(idTypes, idTypeLabels),
      ethnicityOptions: dictOptions(ethnicities),
      politicalOptions: dictOptions(politicalStatuses),
      educationOptions: dictOptions(educationLevels),
    };
  }, [t, lang]);
}

export type MemberLabels = ReturnType<typeof useMemberLabels>;

const statusColors: Record<MemberStatus, string> = {
  active: 'success',
  retired: 'processing',
  transferred_out: 'warning',
  withdrawn: 'default',
  deceased: 'default',
};

export function MemberStatusTag({ status }: { status: MemberStatus }) {
  const labels = useMemberLabels();
  return (
    <Tag color={statusColors[status]} style={{ marginInlineEnd: 0 }}>
      {labels.status(status)}
    </Tag>
  );
}

const levelColors: Record<ModelWorkerLevel, string> = { none: 'default', city: 'gold', provincial: 'orange', national: 'red' };

/** A model worker's level as a small tag; nothing for ordinary members. */
export function ModelWorkerTag({ level, year }: { level: ModelWorkerLevel; year?: number | null }) {
  const labels = useMemberLabels();
  if (level === 'none') return null;
  return (
    <Tag color={levelColors[level]} variant="outlined" style={{ marginInlineEnd: 0 }}>
      {labels.level(level)}
      {year ? ` · ${year}` : ''}
    </Tag>
  );
}
