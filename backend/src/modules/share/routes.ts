import { z } from 'zod';
import { access } from '../../platform/http/access';
import { defineRoute, type RequestInfo } from '../../platform/http/route';
import * as s from './schemas';
import type { ShareServiceInternal } from './service';

const meta = (req: RequestInfo) => ({ ip: req.ip, requestId: req.requestId });

const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/**
 * Shop: create (one scene per sharer and target), resolve (public: the app may not be logged in yet), open
 * (logged in: counts the visit and binds), the sharer's own scenes and posters. Admin: the settings
 * (owner and operator: sharing is marketing).
 */
export function shareRoutes(share: ShareServiceInternal) {
  return [
    defineRoute({
      method: 'post',
      path: '/api/shop/share-scenes',
      access: access.shopper,
      summary:
        'My share scene for a target (product, home, or a kind another module registered): the same code on every call',
      tags: ['shop-share'],
      body: s.createSceneBody,
      response: s.ownSceneView,
      rateLimit: [{ name: 'share-create', points: 60, durationSeconds: 60, by: 'principal' }],
      handler: ({ body, req }) => share.createScene(req.principal!.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/share-scenes',
      access: access.shopper,
      summary: 'My share scenes, newest first',
      tags: ['shop-share'],
      query: pageQuery,
      response: s.ownSceneView,
      paged: true,
      handler: ({ query, req }) => share.listOwn(req.principal!.id, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/share-scenes/:code',
      access: access.public,
      summary:
        'What a scene code names: the target (with its page) and the sharer. Public, changes nothing; ' +
        'a logged-in app then calls POST …/open',
      tags: ['shop-share'],
      params: s.codeParams,
      response: s.sceneView,
      rateLimit: [{ name: 'share-resolve', points: 120, durationSeconds: 60, by: 'ip' }],
      handler: ({ params }) => share.resolve(params.code),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/share-scenes/:code/open',
      access: access.shopper,
      summary:
        'The app opened with this scene: the visit is counted and the shopper is bound to the sharer when the ' +
        "distribution rules allow (binding.status and binding.code say what happened; never an error for the binding's sake)",
      tags: ['shop-share'],
      params: s.codeParams,
      response: s.openResult,
      rateLimit: [{ name: 'share-open', points: 60, durationSeconds: 60, by: 'principal' }],
      handler: ({ params, req }) => share.open(req.principal!.id, params.code),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/share-scenes/:code/poster',
      access: access.shopper,
      summary:
        "My poster for a scene (image/png, 750×1200): the target's picture, title and price, my nickname, and the " +
        'mini-program code (production) or a QR code of the H5 link (embedded mode)',
      tags: ['shop-share'],
      params: s.codeParams,
      raw: true,
      response: z.string().describe('image/png'),
      rateLimit: [{ name: 'share-poster', points: 30, durationSeconds: 60, by: 'principal' }],
      handler: async ({ params, req }) => {
        const png = await share.poster(req.principal!.id, params.code);
        req.koa.type = 'image/png';
        req.koa.set('Cache-Control', 'private, max-age=300');
        req.koa.body = png;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/share/settings',
      access: access.admin(),
      summary: 'Share settings: which code posters carry, the landing page, the H5 address',
      tags: ['share'],
      response: s.shareSettings,
      handler: () => share.settings.get(),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/admin/share/settings',
      access: access.admin('owner', 'operator'),
      summary: 'Change the share settings (audited)',
      tags: ['share'],
      body: s.shareSettingsPatch,
      response: s.shareSettings,
      handler: ({ body, req }) => share.settings.update(req.principal!, body, meta(req)),
    }),
  ];
}
