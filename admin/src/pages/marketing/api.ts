import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../api/api-error';
import { api, fetchData } from '../../api/client';

/** The pricing tools with their config JSON Schemas (GET /api/admin/marketing/tools). */
export function useTools() {
  return useQuery({
    queryKey: ['marketing', 'tools'],
    queryFn: () => fetchData(api.GET('/api/admin/marketing/tools')),
    staleTime: 5 * 60_000,
  });
}

/** A BUSINESS_RULE refusal with this rule name (details.rule). */
export function isBusinessRule(e: unknown, rule: string): boolean {
  return (
    e instanceof ApiError &&
    e.code === 'BUSINESS_RULE' &&
    (e.details as { rule?: unknown } | undefined)?.rule === rule
  );
}
