import jwt from 'jsonwebtoken';
import { AppError } from '../errors';
import type { CacheDriver } from '../drivers/types';
import type { AdminRole, Principal, PrincipalKind } from './access';

export interface AccountStatus {
  status: 'active' | 'frozen' | 'deleted';
  role?: AdminRole;
  name?: string;
  privacyAccepted?: boolean;
}

/** How the auth middleware learns an account's current status; registered by the module owning the account. */
export type AccountStatusLookup = (id: number) => Promise<AccountStatus | undefined>;

interface TokenClaims {
  sub: string;
  kind: PrincipalKind;
}

const STATUS_TTL_SECONDS = 30;

/**
 * JWTs carry only who (kind and id). Status and role are read from the account through a short cache that
 * the account's module clears on every change, so freezing or a role change applies at once.
 */
export class Auth {
  private readonly lookups = new Map<PrincipalKind, AccountStatusLookup>();

  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
    private readonly cache: CacheDriver,
  ) {}

  registerLookup(kind: PrincipalKind, lookup: AccountStatusLookup): void {
    this.lookups.set(kind, lookup);
  }

  issue(kind: PrincipalKind, id: number): { token: string; expiresIn: number } {
    const token = jwt.sign({ kind } satisfies Omit<TokenClaims, 'sub'>, this.secret, {
      subject: String(id),
      expiresIn: this.ttlSeconds,
      algorithm: 'HS256',
    });
    return { token, expiresIn: this.ttlSeconds };
  }

  /** Verifies the token and the account; throws 401/403 errors with stable codes. */
  async authenticate(token: string): Promise<{ principal: Principal; account: AccountStatus }> {
    let claims: TokenClaims;
    try {
      claims = jwt.verify(token, this.secret, { algorithms: ['HS256'] }) as TokenClaims;
    } catch (e) {
      if (e instanceof jwt.TokenExpiredError) throw new AppError('TOKEN_EXPIRED', 'Login has expired');
      throw new AppError('UNAUTHENTICATED', 'Invalid token');
    }
    const id = Number(claims.sub);
    if (!Number.isSafeInteger(id) || !this.lookups.has(claims.kind)) {
      throw new AppError('UNAUTHENTICATED', 'Invalid token');
    }
    const account = await this.status(claims.kind, id);
    if (!account || account.status === 'deleted')
      throw new AppError('UNAUTHENTICATED', 'Account no longer exists');
    if (account.status === 'frozen') throw new AppError('ACCOUNT_FROZEN', 'Account is frozen');
    return { principal: { kind: claims.kind, id, role: account.role, name: account.name }, account };
  }

  /** Call after any change to an account's status, role or privacy consent. */
  async forget(kind: PrincipalKind, id: number): Promise<void> {
    await this.cache.del(statusKey(kind, id));
  }

  private async status(kind: PrincipalKind, id: number): Promise<AccountStatus | undefined> {
    const key = statusKey(kind, id);
    const cached = await this.cache.get<AccountStatus>(key);
    if (cached) return cached;
    const fresh = await this.lookups.get(kind)!(id);
    if (fresh) await this.cache.set(key, fresh, STATUS_TTL_SECONDS);
    return fresh;
  }
}

const statusKey = (kind: PrincipalKind, id: number) => `auth:status:${kind}:${id}`;
