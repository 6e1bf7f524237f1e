import type { MemberExport, MemberImport, MemberImportError } from '@tongxing/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, download, upload } from '../../shared/api-client';
import type { MemberFilter } from './members-api';

export type ImportCheck = MemberImport;
export type ImportProblem = MemberImportError;
export type ImportResult = { id: number; status: 'committed'; importedRows: number; skippedRows: number };
export type ExportJob = MemberExport;

export const exportDone = (job: ExportJob | undefined) => job?.status === 'done';
export const exportFailed = (job: ExportJob | undefined) => job?.status === 'failed';

export function downloadTemplate(fileName: string) {
  return download('/member-imports/template', fileName);
}

export function downloadImportReport(id: number, fileName: string) {
  return download(`/member-imports/${id}/report`, fileName);
}

export function useCheckImport() {
  return useMutation({
    mutationFn: ({ file, orgId }: { file: File; orgId?: number | undefined }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return upload<ImportCheck>('/member-imports', form, orgId ? { orgId } : {});
    },
  });
}

export function useCommitImport() {
  return useMutation({
    mutationFn: ({ id, mode }: { id: number; mode: 'all' | 'valid_only' }) => api.post<ImportResult>(`/member-imports/${id}/commit`, { mode }),
  });
}

/** The list's filter without what only the screen needs (paging). */
export function exportFilter(filter: MemberFilter): MemberFilter {
  const out: MemberFilter = {};
  for (const [key, value] of Object.entries(filter) as [string, unknown][]) {
    if (key === 'page' || key === 'pageSize') continue;
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

export function useStartExport() {
  return useMutation({ mutationFn: (filter: MemberFilter) => api.post<ExportJob>('/member-exports', { filter: exportFilter(filter) }) });
}

/** Polls a running export every second until its file is ready (or it failed). */
export function useExportProgress(id: number | null) {
  return useQuery({
    queryKey: ['member-exports', id] as const,
    queryFn: () => api.get<ExportJob>(`/member-exports/${id ?? 0}`),
    enabled: id !== null,
    refetchInterval: (query) => (exportDone(query.state.data) || exportFailed(query.state.data) || query.state.error ? false : 1000),
    staleTime: 0,
    gcTime: 0,
  });
}

export function downloadExport(id: number, fileName: string) {
  return download(`/member-exports/${id}/file`, fileName);
}
