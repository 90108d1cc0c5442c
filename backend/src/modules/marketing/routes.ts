import { z } from 'zod';
import { access } from '../../platform/http/access';
import { defineRoute, type RequestInfo } from '../../platform/http/route';
import type { CampaignService } from './campaigns';
import type { createProductView } from './product-view';
import * as s from './schemas';

const meta = (req: RequestInfo) => ({ ip: req.ip, requestId: req.requestId });

/** RULES §14: operators and owners run campaigns; every merchant role may read them. */
const write = access.admin('owner', 'operator');
const read = access.admin();

export function marketingRoutes(
  campaigns: CampaignService,
  productView: ReturnType<typeof createProductView>,
) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/shop/products/:id/promotions',
      access: access.public,
      summary:
        "Campaign tags of a product and its SKUs' quantity price tiers (what everyone and new shoppers get)",
      tags: ['shop-marketing'],
      params: s.idParams,
      response: s.productPromotions,
      handler: ({ params }) => productView.forProduct(params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/marketing/tools',
      access: read,
      summary: 'The pricing tools with their config JSON Schemas (the campaign forms are built from them)',
      tags: ['marketing'],
      response: z.array(s.toolView),
      handler: async () => campaigns.describeTools(),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/campaigns',
      access: read,
      summary: 'Campaigns of every tool: kind, status, phase, pages',
      tags: ['marketing'],
      query: s.campaignQuery,
      response: s.campaignView,
      paged: true,
      handler: ({ query }) => campaigns.list(query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/campaigns/:id',
      access: read,
      summary: 'A campaign',
      tags: ['marketing'],
      params: s.idParams,
      response: s.campaignView,
      handler: ({ params }) => campaigns.get(params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/campaigns/:id/stats',
      access: read,
      summary: 'Orders, shoppers and savings of a campaign',
      tags: ['marketing'],
      params: s.idParams,
      response: s.campaignStats,
      handler: ({ params }) => campaigns.stats(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/campaigns',
      access: write,
      summary: "Create a campaign; its config is validated by the tool's schema",
      tags: ['marketing'],
      body: s.campaignBody,
      response: s.campaignView,
      successStatus: 201,
      handler: ({ body, req }) => campaigns.create(req.principal!, body, meta(req)),
    }),
    defineRoute({
      method: 'put',
      path: '/api/admin/campaigns/:id',
      access: write,
      summary: 'Replace a campaign (its kind and counters stay)',
      tags: ['marketing'],
      params: s.idParams,
      body: s.campaignBody,
      response: s.campaignView,
      handler: ({ params, body, req }) => campaigns.update(req.principal!, params.id, body, meta(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/campaigns/:id/enable',
      access: write,
      summary: 'Enable a campaign',
      tags: ['marketing'],
      params: s.idParams,
      response: s.campaignView,
      handler: ({ params, req }) => campaigns.setEnabled(req.principal!, params.id, true, meta(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/campaigns/:id/disable',
      access: write,
      summary: 'Disable a campaign',
      tags: ['marketing'],
      params: s.idParams,
      response: s.campaignView,
      handler: ({ params, req }) => campaigns.setEnabled(req.principal!, params.id, false, meta(req)),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/admin/campaigns/:id',
      access: write,
      summary: 'Delete a campaign no order used (a used one is disabled instead)',
      tags: ['marketing'],
      params: s.idParams,
      successStatus: 204,
      handler: ({ params, req }) => campaigns.remove(req.principal!, params.id, meta(req)),
    }),
  ];
}
