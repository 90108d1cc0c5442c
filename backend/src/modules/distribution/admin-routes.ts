import { z } from 'zod';
import { access } from '../../platform/http/access';
import { defineRoute, type RequestInfo, type RouteDef } from '../../platform/http/route';
import { AppError } from '../../platform/errors';
import * as s from './schemas';
import type { DistributionInternals } from './service';

const meta = (req: RequestInfo) => ({ ip: req.ip, requestId: req.requestId });

/**
 * Roles (RULES §14): every merchant role reads; distributors, applications, levels and product rates are the
 * operator's (marketing); money out (withdrawal review, balance adjustments) is finance's; the settings hold
 * both, so only the owner changes them; bindings changed by hand: owner and operator.
 */
const READ = access.admin();
const OPERATE = access.admin('owner', 'operator');
const MONEY = access.admin('owner', 'finance');
const OWNER = access.admin('owner');
const TAGS = ['distribution'];

export function adminRoutes(d: DistributionInternals): RouteDef[] {
  return [
    // ── settings ──
    defineRoute({
      method: 'get',
      path: '/api/admin/distribution/settings',
      access: READ,
      summary:
        'Distribution settings: who may promote, binding lock, shop rates, self-purchase, thaw, withdrawals',
      tags: TAGS,
      response: s.settings,
      handler: () => d.settings.get(),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/admin/distribution/settings',
      access: OWNER,
      summary: 'Change the distribution settings (orders placed from now on; audited)',
      tags: TAGS,
      body: s.settingsPatch,
      response: s.settings,
      handler: ({ body, req }) => d.settings.update(req.principal!, body, meta(req)),
    }),

    // ── levels ──
    defineRoute({
      method: 'get',
      path: '/api/admin/distribution/levels',
      access: READ,
      summary: 'Distributor levels, lowest grade first',
      tags: TAGS,
      response: z.array(s.level),
      handler: () => d.queries.levelsView(),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/distribution/levels',
      access: OPERATE,
      summary:
        'Add a level (rates and upgrade conditions; team size alone is refused: DISTRIBUTION_LEVEL_CONDITION)',
      tags: TAGS,
      body: s.levelBody,
      response: s.level,
      successStatus: 201,
      handler: ({ body, req }) => d.distributors.saveLevel(req.principal!, null, body, meta(req)),
    }),
    defineRoute({
      method: 'put',
      path: '/api/admin/distribution/levels/:id',
      access: OPERATE,
      summary: 'Change a level',
      tags: TAGS,
      params: s.idParams,
      body: s.levelBody,
      response: s.level,
      handler: ({ params, body, req }) =>
        d.distributors.saveLevel(req.principal!, params.id, body, meta(req)),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/admin/distribution/levels/:id',
      access: OPERATE,
      summary: 'Delete a level (its distributors fall back to the shop rates)',
      tags: TAGS,
      params: s.idParams,
      successStatus: 204,
      handler: ({ params, req }) => d.distributors.deleteLevel(req.principal!, params.id, meta(req)),
    }),

    // ── applications ──
    defineRoute({
      method: 'get',
      path: '/api/admin/distribution/applications',
      access: READ,
      summary: 'Distributor applications, newest first',
      tags: TAGS,
      query: s.applicationQuery,
      response: s.application,
      paged: true,
      handler: ({ query }) => d.distributors.listApplications(query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/distribution/applications/:id/approve',
      access: OPERATE,
      summary: 'Approve an application: the shopper becomes a distributor',
      tags: TAGS,
      params: s.idParams,
      response: s.application,
      handler: ({ params, req }) =>
        d.distributors.review(req.principal!, params.id, { approve: true }, meta(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/distribution/applications/:id/reject',
      access: OPERATE,
      summary: 'Reject an application with a reason',
      tags: TAGS,
      params: s.idParams,
      body: s.rejectBody,
      response: s.application,
      handler: ({ params, body, req }) =>
        d.distributors.review(req.principal!, params.id, { approve: false, reason: body.reason }, meta(req)),
    }),

    // ── distributors ──
    defineRoute({
      method: 'get',
      path: '/api/admin/distribution/distributors',
      access: READ,
      summary: 'Distributors with level, balance and promoter; by status, level or shopper',
      tags: TAGS,
      query: s.distributorQuery,
      response: s.distributorRow,
      paged: true,
      handler: ({ query }) => d.queries.adminDistributors(query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/distribution/distributors',
      access: OPERATE,
      summary: 'Make a shopper a distributor directly',
      tags: TAGS,
      body: s.createDistributorBody,
      response: s.distributorDetail,
      successStatus: 201,
      handler: async ({ body, req }) => {
        await d.distributors.adminCreate(req.principal!, body.shopperId, meta(req));
        return d.queries.adminDistributor(body.shopperId);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/distribution/distributors/:id',
      access: READ,
      summary: 'A distributor: profile, level facts (own spend, team sales, orders, size), earnings, team',
      tags: TAGS,
      params: s.idParams,
      response: s.distributorDetail,
      handler: ({ params }) => d.queries.adminDistributor(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/distribution/distributors/:id/freeze',
      access: OPERATE,
      summary:
        'Freeze a distributor: no new bindings or commission, no withdrawals (entries already made mature)',
      tags: TAGS,
      params: s.idParams,
      body: s.freezeBody,
      response: s.distributorDetail,
      handler: async ({ params, body, req }) => {
        await d.distributors.setFrozen(req.principal!, params.id, true, body.reason, meta(req));
        return d.queries.adminDistributor(params.id);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/distribution/distributors/:id/unfreeze',
      access: OPERATE,
      summary: 'Unfreeze a distributor',
      tags: TAGS,
      params: s.idParams,
      response: s.distributorDetail,
      handler: async ({ params, req }) => {
        await d.distributors.setFrozen(req.principal!, params.id, false, '', meta(req));
        return d.queries.adminDistributor(params.id);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/admin/distribution/distributors/:id/level',
      access: OPERATE,
      summary: 'Set a distributor’s level by hand (null: none); automatic upgrades only ever move up from it',
      tags: TAGS,
      params: s.idParams,
      body: s.setLevelBody,
      response: s.distributorDetail,
      handler: async ({ params, body, req }) => {
        await d.distributors.setLevel(req.principal!, params.id, body.levelId, meta(req));
        return d.queries.adminDistributor(params.id);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/distribution/distributors/:id/adjustments',
      access: MONEY,
      summary:
        'Credit or debit a distributor’s balance by hand with a reason (audited; a debit never below 0)',
      tags: TAGS,
      params: s.idParams,
      body: s.adjustBody,
      response: s.ledgerEntry,
      successStatus: 201,
      handler: ({ params, body, req }) => d.adjust(req.principal!, params.id, body, meta(req)),
    }),

    // ── bindings ──
    defineRoute({
      method: 'get',
      path: '/api/admin/distribution/relations/:id',
      access: READ,
      summary: 'A shopper’s promoter and the history of their bindings',
      tags: TAGS,
      params: s.idParams,
      response: s.relation,
      handler: ({ params }) => d.binding.relationOf(params.id),
    }),
    defineRoute({
      method: 'put',
      path: '/api/admin/distribution/relations/:id',
      access: OPERATE,
      summary:
        'Bind a shopper to a promoter by hand (null unbinds); no lock applies, but DISTRIBUTION_SELF_BINDING and ' +
        'DISTRIBUTION_BINDING_CYCLE do',
      tags: TAGS,
      params: s.idParams,
      body: s.setParentBody,
      response: s.relation,
      handler: ({ params, body, req }) =>
        d.binding.adminSetParent(req.principal!, params.id, body.parentId, meta(req)),
    }),

    // ── commissions, ledger, integrity ──
    defineRoute({
      method: 'get',
      path: '/api/admin/distribution/commissions',
      access: READ,
      summary: 'Commission entries, newest first; by beneficiary, order, status, level or buyer',
      tags: TAGS,
      query: s.adminCommissionQuery,
      response: s.commission,
      paged: true,
      handler: ({ query }) =>
        d.queries.commissions(query.beneficiaryId ? { beneficiaryId: query.beneficiaryId } : {}, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/distribution/ledger',
      access: READ,
      summary: 'Balance ledger of every distributor, newest first; by distributor or reason',
      tags: TAGS,
      query: s.adminLedgerQuery,
      response: s.ledgerEntry,
      paged: true,
      handler: ({ query }) =>
        d.queries.ledgerPage(query.distributorId ? { distributorId: query.distributorId } : {}, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/distribution/integrity',
      access: MONEY,
      summary:
        'Check the ledger: balance = Σ ledger, every entry at its snapshotted rate, refunds taken back exactly, ' +
        'withdrawals held and returned once; lists every difference',
      tags: TAGS,
      query: s.integrityQuery,
      response: s.integrity,
      handler: ({ query }) => d.queries.integrity(query),
    }),

    // ── withdrawals ──
    defineRoute({
      method: 'get',
      path: '/api/admin/distribution/withdrawals',
      access: READ,
      summary: 'Withdrawals, newest first; by status or distributor',
      tags: TAGS,
      query: s.adminWithdrawalQuery,
      response: s.withdrawal,
      paged: true,
      handler: ({ query }) =>
        d.queries.withdrawals(query.distributorId ? { distributorId: query.distributorId } : {}, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/distribution/withdrawals/:id',
      access: READ,
      summary: 'A withdrawal',
      tags: TAGS,
      params: s.idParams,
      response: s.withdrawal,
      handler: async ({ params }) => {
        const page = await d.queries.withdrawals({ id: params.id }, { page: 1, pageSize: 1 });
        if (!page.items.length) throw new AppError('NOT_FOUND', 'Withdrawal not found');
        return page.items[0];
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/distribution/withdrawals/:id/approve',
      access: MONEY,
      summary: 'Approve a withdrawal in review: the WeChat transfer is made next',
      tags: TAGS,
      params: s.idParams,
      response: s.withdrawal,
      handler: ({ params, req }) =>
        d.withdrawals.review(req.principal!, params.id, { approve: true }, meta(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/distribution/withdrawals/:id/reject',
      access: MONEY,
      summary: 'Reject a withdrawal in review with a reason: the money returns to the balance',
      tags: TAGS,
      params: s.idParams,
      body: s.rejectBody,
      response: s.withdrawal,
      handler: ({ params, body, req }) =>
        d.withdrawals.review(req.principal!, params.id, { approve: false, reason: body.reason }, meta(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/distribution/withdrawals/:id/sync',
      access: MONEY,
      summary:
        'Ask WeChat Pay for the transfer now (or make it, when approved and never sent) and apply the answer',
      tags: TAGS,
      params: s.idParams,
      response: s.withdrawal,
      rateLimit: [{ name: 'distribution-admin-sync', points: 30, durationSeconds: 60, by: 'principal' }],
      handler: async ({ params }) => {
        await d.withdrawals.sync(params.id);
        const page = await d.queries.withdrawals({ id: params.id }, { page: 1, pageSize: 1 });
        return page.items[0];
      },
    }),

    // ── product rates ──
    defineRoute({
      method: 'get',
      path: '/api/admin/distribution/product-rates',
      access: READ,
      summary: 'Commission rates set per product or SKU (they override the levels and the shop)',
      tags: TAGS,
      query: s.rateQuery,
      response: z.array(s.rate),
      handler: ({ query }) => d.rates.list(query.productId),
    }),
    defineRoute({
      method: 'put',
      path: '/api/admin/distribution/product-rates',
      access: OPERATE,
      summary: 'Set a product’s (or one SKU’s) rates: ratio (万分比), fixed fen per unit, or none',
      tags: TAGS,
      body: s.rateBody,
      response: s.rate,
      handler: ({ body, req }) => d.rates.save(req.principal!, body, meta(req)),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/admin/distribution/product-rates/:id',
      access: OPERATE,
      summary: 'Remove a product or SKU rate (the level or shop rate applies again)',
      tags: TAGS,
      params: s.idParams,
      successStatus: 204,
      handler: ({ params, req }) => d.rates.remove(req.principal!, params.id, meta(req)),
    }),
  ];
}
