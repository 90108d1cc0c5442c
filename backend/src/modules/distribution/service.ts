import crypto from 'node:crypto';
import type { Platform } from '../../platform';
import { withTransaction } from '../../platform/db/tx';
import { AppError } from '../../platform/errors';
import type { Principal } from '../../platform/http/access';
import { createBinding } from './binding';
import { createCommissions } from './commissions';
import { createContext, createLedger, num } from './context';
import { createDistributors } from './distributors';
import { Commission, DistributionLedger, initDistributionModels, Withdrawal } from './models';
import type { AccountsPort, ActivityCommissionPolicy, CatalogPort, OrdersPort, SharePort } from './ports';
import { commissionView, createQueries, ledgerView } from './queries';
import { createRates } from './rates';
import { createDistributionSettings } from './settings';
import {
  createSandboxTransferProvider,
  createWechatTransferProvider,
  type SandboxTransferProvider,
  type TransferProvider,
} from './transfers';
import { createWithdrawals, TRANSFER_QUEUE, withdrawalView } from './withdrawals';

export interface RequestMeta {
  ip: string;
  requestId?: string;
}

/** The distribution module's services, assembled. */
export function createDistributionService(
  platform: Platform,
  deps: { orders: OrdersPort; accounts: AccountsPort; catalog: CatalogPort; share: SharePort },
) {
  const { sequelize, audit, drivers, config } = platform;
  initDistributionModels(sequelize);
  const settings = createDistributionSettings(platform);
  const activityPolicies = new Map<string, ActivityCommissionPolicy>();
  const ctx = createContext(platform, {
    settings,
    orders: deps.orders,
    accounts: deps.accounts,
    catalog: deps.catalog,
    activityPolicies,
  });
  const ledger = createLedger(ctx);
  const distributors = createDistributors(ctx);
  const binding = createBinding(ctx, distributors);
  const commissions = createCommissions(ctx, { ledger, binding, distributors });
  const sandbox: SandboxTransferProvider | null =
    config.payment.provider === 'wechatpay' ? null : createSandboxTransferProvider(platform);
  const provider: TransferProvider = sandbox ?? createWechatTransferProvider(platform);
  const withdrawals = createWithdrawals(ctx, {
    ledger,
    distributors,
    provider,
    async schedule(withdrawalId) {
      await drivers.queue.add(
        TRANSFER_QUEUE,
        'transfer',
        { withdrawalId },
        { jobId: `transfer-${withdrawalId}`, attempts: 6, backoffMs: 60_000 },
      );
    },
  });
  const rates = createRates(ctx);
  const queries = createQueries(ctx, { ledger, binding, distributors });

  /** A merchant's manual change of a balance with a reason, audited; a debit never takes it below 0. */
  async function adjust(
    actor: Principal,
    distributorId: number,
    input: { delta: number; reason: string },
    meta: RequestMeta,
  ) {
    if (!(await distributors.find(distributorId))) throw new AppError('NOT_FOUND', 'Distributor not found');
    return withTransaction(sequelize, async (tx) => {
      const before = await ledger.lockAccount(tx, distributorId);
      const entry = await ledger.change(tx, {
        distributorId,
        delta: input.delta,
        reason: 'adjust',
        refType: null,
        refId: null,
        idemKey: `adjust:${crypto.randomUUID()}`,
        note: input.reason,
        actorId: actor.id,
      });
      await audit.record(
        {
          actor,
          action: 'distribution.adjust',
          subjectType: 'shopper',
          subjectId: distributorId,
          before: { balance: before },
          after: { balance: num(entry!.balanceAfter), delta: input.delta, reason: input.reason },
          ...meta,
        },
        tx,
      );
      return ledgerView(entry!);
    });
  }

  /** The H5 sandbox's stand-in for wx.requestMerchantTransfer: the shopper confirms (or declines) the bill. */
  async function sandboxConfirm(shopperId: number, id: number, accept: boolean) {
    if (!sandbox) throw new AppError('NOT_FOUND', 'No sandbox');
    const w = await withdrawals.own(shopperId, id);
    if (w.status !== 'transferring' || w.transferState !== 'WAIT_USER_CONFIRM') {
      throw new AppError('WITHDRAWAL_NOT_CONFIRMABLE', 'This withdrawal is not waiting for confirmation', {
        status: w.status,
        transferState: w.transferState,
      });
    }
    const bill = await sandbox.finish(w.withdrawalNo, accept ? 'SUCCESS' : 'CANCELLED', 'USER_REJECTED');
    await withdrawals.applyBillNow(num(w.id), bill);
    return withdrawalView((await Withdrawal.findByPk(num(w.id)))!);
  }

  /** The shopper's data export section: profile, promoter, commissions, ledger, withdrawals. */
  async function exportForShopper(shopperId: number) {
    const [d, relation, rows, entries, ws] = await Promise.all([
      distributors.find(shopperId),
      binding.relationOf(shopperId),
      Commission.findAll({ where: { beneficiaryId: shopperId }, order: [['id', 'ASC']] }),
      DistributionLedger.findAll({ where: { distributorId: shopperId }, order: [['id', 'ASC']] }),
      Withdrawal.findAll({ where: { distributorId: shopperId }, order: [['id', 'ASC']] }),
    ]);
    return {
      distributor: d
        ? {
            status: d.status,
            realName: d.realName,
            phone: d.phone,
            activatedAt: new Date(d.activatedAt).toISOString(),
          }
        : null,
      relation,
      commissions: rows.map((r) => commissionView(r)),
      ledger: entries.map(ledgerView),
      withdrawals: ws.map(withdrawalView),
    };
  }

  function register() {
    deps.share.setOpenHandler((input) => binding.onOpen(input));
    deps.accounts.registerExporter?.('distribution', exportForShopper);
  }

  return {
    ctx,
    settings,
    ledger,
    distributors,
    binding,
    commissions,
    withdrawals,
    rates,
    queries,
    provider,
    sandbox,
    adjust,
    sandboxConfirm,
    register,
    /** an activity module says whether a campaign of its kind pays commission */
    registerActivityPolicy(kind: string, policy: ActivityCommissionPolicy) {
      activityPolicies.set(kind, policy);
    },
  };
}

export type DistributionInternals = ReturnType<typeof createDistributionService>;
