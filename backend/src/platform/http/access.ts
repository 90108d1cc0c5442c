/** Who may call a route. Roles are RULES §14; store staff are shoppers bound to a store. */
export const ADMIN_ROLES = ['owner', 'operator', 'finance', 'service'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export type PrincipalKind = 'shopper' | 'admin' | 'staff';

export interface Principal {
  kind: PrincipalKind;
  id: number;
  /** admin role, read from the account on every request (a role change applies at once) */
  role?: AdminRole;
  name?: string;
}

export type Access =
  | { kind: 'public' }
  | { kind: 'shopper'; allowWithoutPrivacy?: boolean }
  | { kind: 'staff' }
  | { kind: 'admin'; roles: readonly AdminRole[] };

export const access = {
  public: { kind: 'public' } as Access,
  shopper: { kind: 'shopper' } as Access,
  /** a shopper route usable before the privacy guide is accepted (login, the guide itself) */
  shopperBeforePrivacy: { kind: 'shopper', allowWithoutPrivacy: true } as Access,
  staff: { kind: 'staff' } as Access,
  admin: (...roles: AdminRole[]): Access => ({ kind: 'admin', roles: roles.length ? roles : ADMIN_ROLES }),
};

export function allows(rule: Access, p: Principal | undefined): boolean {
  switch (rule.kind) {
    case 'public':
      return true;
    case 'shopper':
      return p?.kind === 'shopper';
    case 'staff':
      return p?.kind === 'staff';
    case 'admin':
      return p?.kind === 'admin' && !!p.role && rule.roles.includes(p.role);
  }
}
