import { z } from 'zod';
import { access } from '../../platform/http/access';
import { defineRoute, type RequestInfo, type RateLimitRule } from '../../platform/http/route';
import type { AuditLog } from '../../platform/audit';
import type { AccountService } from './service';
import * as s from './schemas';

const meta = (req: RequestInfo) => ({ ip: req.ip, requestId: req.requestId });

const loginLimits: RateLimitRule[] = [{ name: 'login-ip', points: 30, durationSeconds: 60, by: 'ip' }];

export function accountRoutes(accounts: AccountService, audit: AuditLog, opts: { devLogin: boolean }) {
  return [
    defineRoute({
      method: 'post',
      path: '/api/admin/auth/login',
      access: access.public,
      summary: 'Merchant staff login',
      tags: ['admin-auth'],
      body: s.adminLoginBody,
      response: s.adminLoginResult,
      rateLimit: [...loginLimits, { name: 'admin-login-ip', points: 10, durationSeconds: 60, by: 'ip' }],
      handler: ({ body, req }) => accounts.adminLogin(body.username, body.password, meta(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/me',
      access: access.admin(),
      summary: 'The logged-in merchant account',
      tags: ['admin-auth'],
      response: s.adminProfile,
      handler: ({ req }) => accounts.getAdmin(req.principal!.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/admin-users',
      access: access.admin('owner'),
      summary: 'Merchant accounts',
      tags: ['admin-users'],
      response: z.array(s.adminProfile),
      handler: () => accounts.listAdmins(),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/admin-users',
      access: access.admin('owner'),
      summary: 'Create a merchant account',
      tags: ['admin-users'],
      body: s.createAdminBody,
      response: s.adminProfile,
      successStatus: 201,
      handler: ({ body, req }) => accounts.createAdmin(req.principal!, body, meta(req)),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/admin/admin-users/:id',
      access: access.admin('owner'),
      summary: 'Change a merchant account (name, role, status, password)',
      tags: ['admin-users'],
      params: s.idParams,
      body: s.updateAdminBody,
      response: s.adminProfile,
      handler: ({ params, body, req }) => accounts.updateAdmin(req.principal!, params.id, body, meta(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/shoppers/:id/freeze',
      access: access.admin('owner', 'operator'),
      summary: 'Freeze a shopper account (refused at once on every request)',
      tags: ['shoppers'],
      params: s.idParams,
      body: s.freezeBody,
      response: s.shopperProfile,
      handler: ({ params, body, req }) =>
        accounts.setShopperFrozen(req.principal!, params.id, true, body.reason, meta(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/shoppers/:id/unfreeze',
      access: access.admin('owner', 'operator'),
      summary: 'Unfreeze a shopper account',
      tags: ['shoppers'],
      params: s.idParams,
      body: s.freezeBody,
      response: s.shopperProfile,
      handler: ({ params, body, req }) =>
        accounts.setShopperFrozen(req.principal!, params.id, false, body.reason, meta(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/audit-logs',
      access: access.admin('owner', 'finance'),
      summary: 'Audit log of every admin write',
      tags: ['audit'],
      query: s.auditQuery,
      response: s.auditEntry,
      paged: true,
      handler: async ({ query }) => ({
        ...(await audit.list(query)),
        page: query.page,
        pageSize: query.pageSize,
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/auth/wechat-login',
      access: access.public,
      summary: 'Log in with the code from wx.login',
      tags: ['shop-auth'],
      body: s.wechatLoginBody,
      response: s.shopperLoginResult,
      rateLimit: loginLimits,
      handler: ({ body, req }) => accounts.wechatLogin(body.code, meta(req)),
    }),
    ...(opts.devLogin
      ? [
          defineRoute({
            method: 'post',
            path: '/api/shop/auth/dev-login',
            access: access.public,
            summary: 'Development login (absent in production): an openid of your choice or a new one',
            tags: ['shop-auth'],
            body: s.devLoginBody,
            response: s.shopperLoginResult,
            rateLimit: loginLimits,
            handler: ({ body, req }) => accounts.devLogin(body, meta(req)),
          }),
        ]
      : []),
    defineRoute({
      method: 'get',
      path: '/api/shop/privacy',
      access: access.public,
      summary: 'The current privacy guide',
      tags: ['shop-auth'],
      response: s.privacyGuide,
      handler: async () => accounts.privacyGuide(),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/privacy/accept',
      access: access.shopperBeforePrivacy,
      summary: 'Accept the privacy guide',
      tags: ['shop-auth'],
      body: s.acceptPrivacyBody,
      response: s.shopperProfile,
      handler: ({ body, req }) => accounts.acceptPrivacy(req.principal!.id, body.version),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/me',
      access: access.shopperBeforePrivacy,
      summary: 'The logged-in shopper',
      tags: ['shop-auth'],
      response: s.shopperProfile,
      handler: ({ req }) => accounts.getShopper(req.principal!.id),
    }),
  ];
}
