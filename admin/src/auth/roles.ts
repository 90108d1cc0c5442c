import type { AdminRole } from '../api/models';

/** Chinese names of the merchant roles (RULES §14); a Record so that a new backend role breaks the build. */
export const ROLE_LABELS: Record<AdminRole, string> = {
  owner: '店主',
  operator: '运营',
  finance: '财务',
  service: '客服',
};

export const ALL_ROLES = Object.keys(ROLE_LABELS) as AdminRole[];
