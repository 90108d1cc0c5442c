import type { Sequelize } from 'sequelize';
import { AppError } from './errors';
import type { Logger } from './logger';
import type { Clock } from './clock';
import { sqlTime } from './db/time';

export type RiskAction = 'login' | 'order' | 'claim' | 'join' | 'help' | 'withdrawal';

export interface RiskContext {
  shopperId?: number;
  ip: string;
  /** WeChat openid, campaign ids, amounts… whatever the rule needs */
  [key: string]: unknown;
}

export type RiskVerdict =
  { decision: 'allow' } | { decision: 'refuse' | 'hold' | 'freeze'; rule: string; reason: string };

/** A rule looks at one action and returns a verdict, or undefined to pass. */
export type RiskRule = (action: RiskAction, ctx: RiskContext) => Promise<RiskVerdict | undefined>;

/**
 * `risk.check(action, context)` is called at login, order, claim, join, help and withdrawal. It allows
 * everything until the risk module registers rules; every non-allow decision is logged with its rule.
 */
export class RiskGate {
  private readonly rules: { name: string; rule: RiskRule }[] = [];

  constructor(
    private readonly sequelize: Sequelize,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  use(name: string, rule: RiskRule): void {
    this.rules.push({ name, rule });
  }

  /** Returns the verdict; 'refuse' is thrown as RISK_REFUSED so callers cannot ignore it by accident. */
  async check(action: RiskAction, ctx: RiskContext): Promise<RiskVerdict> {
    for (const { rule } of this.rules) {
      const verdict = await rule(action, ctx);
      if (!verdict || verdict.decision === 'allow') continue;
      await this.record(action, verdict, ctx);
      if (verdict.decision === 'refuse' || verdict.decision === 'freeze') {
        throw new AppError('RISK_REFUSED', verdict.reason, { rule: verdict.rule });
      }
      return verdict;
    }
    return { decision: 'allow' };
  }

  private async record(action: RiskAction, v: Exclude<RiskVerdict, { decision: 'allow' }>, ctx: RiskContext) {
    this.logger.warn(
      { action, rule: v.rule, decision: v.decision, shopperId: ctx.shopperId },
      'risk decision',
    );
    const { shopperId, ip, ...rest } = ctx;
    await this.sequelize.query(
      `INSERT INTO risk_decisions (action, decision, rule, shopper_id, ip, context_json, created_at)
       VALUES (:action, :decision, :rule, :shopperId, :ip, :context, :now)`,
      {
        replacements: {
          action,
          decision: v.decision,
          rule: v.rule,
          shopperId: shopperId ?? null,
          ip,
          context: JSON.stringify(rest),
          now: sqlTime(this.sequelize, this.clock.now()),
        },
      },
    );
  }
}
