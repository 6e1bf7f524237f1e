import {
  educationLevels,
  ethnicities,
  idTypeLabels,
  idTypes,
  memberStatusLabels,
  modelWorkerLevelLabels,
  politicalStatuses,
  workerCategories,
  workerCategoryLabels,
} from '@tongxing/domain';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLabel } from '../../shared/i18n';

type Entry = { zh: string; en: string };

function label(dict: Record<string, Entry>, code: string | null | undefined, lang: string): string {
  if (!code) return '';
  const e = dict[code];
  return e ? pickLabel(e, lang) : code;
}

/** The member dictionaries (document types, categories, ethnicities…) as labels and options in the current language. */
export function useDictionaryLabels() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return useMemo(() => {
    const options = (dict: Record<string, Entry>, codes: readonly string[] = Object.keys(dict)) => codes.map((value) => ({ value, label: label(dict, value, lang) }));
    return {
      idType: (c: string | null) => label(idTypeLabels, c, lang),
      category: (c: string | null) => label(workerCategoryLabels, c, lang),
      memberStatus: (c: string | null) => label(memberStatusLabels, c, lang),
      modelWorker: (c: string | null) => (c && c !== 'none' ? label(modelWorkerLevelLabels, c, lang) : ''),
      ethnicity: (c: string | null) => label(ethnicities, c, lang),
      political: (c: string | null) => label(politicalStatuses, c, lang),
      education: (c: string | null) => label(educationLevels, c, lang),
      idTypeOptions: options(idTypeLabels, idTypes),
      categoryOptions: options(workerCategoryLabels, workerCategories),
      ethnicityOptions: options(ethnicities),
      politicalOptions: options(politicalStatuses),
      educationOptions: options(educationLevels),
    };
  }, [lang]);
}
