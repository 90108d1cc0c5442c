import type { AdminRole } from '../platform/http/access';
import type { Booted } from '../boot';
import type { AccountService } from '../modules/account/service';

/** Demo merchant accounts of embedded mode; the README and the start banner list them. */
export const DEMO_ADMINS: { username: string; password: string; displayName: string; role: AdminRole }[] = [
  { username: 'owner', password: 'owner123', displayName: '店主', role: 'owner' },
  { username: 'operator', password: 'operator123', displayName: '运营小王', role: 'operator' },
  { username: 'finance', password: 'finance123', displayName: '财务小李', role: 'finance' },
  { username: 'service', password: 'service123', displayName: '客服小张', role: 'service' },
];

export function accountService({ modules }: Booted): AccountService {
  const m = modules.find((x) => x.name === 'account') as unknown as { service: AccountService } | undefined;
  if (!m) throw new Error('account module missing');
  return m.service;
}

/** Idempotent: safe on every start. */
export async function seedDemo(booted: Booted): Promise<void> {
  await accountService(booted).ensureAdmins(DEMO_ADMINS);
}
