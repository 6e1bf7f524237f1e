import type { SmsOutboxItem } from '@tongxing/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api-client';

export function useSmsOutbox(page: number, pageSize: number) {
  return useQuery({
    queryKey: ['sms-outbox', page, pageSize] as const,
    queryFn: ({ signal }) => api.get<{ items: SmsOutboxItem[]; total: number }>('/sms-outbox', { page, pageSize }, signal),
    placeholderData: keepPreviousData,
    // Every read is audited: no background refetching, only when asked.
    staleTime: Infinity,
  });
}
