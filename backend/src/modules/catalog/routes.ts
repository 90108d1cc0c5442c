import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { access } from '../../platform/http/access';
import { defineRoute, type RequestInfo } from '../../platform/http/route';
import type { CatalogService } from './service';
import * as s from './schemas';

const meta = (req: RequestInfo) => ({ ip: req.ip, requestId: req.requestId });

/** RULES §14: operators and owners change the catalog; every merchant role may read it. */
const write = access.admin('owner', 'operator');
const read = access.admin();

async function readRaw(stream: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(stream.headers['content-length'] ?? 0);
  const tooLarge = () =>
    new AppError('PAYLOAD_TOO_LARGE', `Image is larger than ${maxBytes} bytes`, { maxBytes });
  if (declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The image of an upload: raw bytes (Content-Type image/* or application/octet-stream) or base64 JSON. */
async function uploadedBytes(req: RequestInfo, body: z.infer<typeof s.uploadBody>, maxBytes: number) {
  if (req.koa.request.is('image/*', 'application/octet-stream')) return readRaw(req.koa.req, maxBytes);
  const base64 = body.dataBase64?.replace(/^data:[\w/+.-]+;base64,/, '');
  if (!base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    const message = 'Send the image as raw bytes with an image Content-Type, or as dataBase64 in JSON';
    throw new AppError('VALIDATION_FAILED', message, [{ path: 'dataBase64', message, code: 'custom' }]);
  }
  return Buffer.from(base64, 'base64');
}

export function catalogRoutes(catalog: CatalogService, opts: { uploadMaxBytes: number }) {
  return [
    // ── shop (public: shared links open before login) ──
    defineRoute({
      method: 'get',
      path: '/api/shop/categories',
      access: access.public,
      summary: 'Category tree (enabled categories)',
      tags: ['shop-catalog'],
      response: s.categoryTree,
      handler: () => catalog.categoryTree(),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/products',
      access: access.public,
      summary: 'Products on sale: keyword, category, price range, sort, pages',
      tags: ['shop-catalog'],
      query: s.shopProductQuery,
      response: s.shopProductListItem,
      paged: true,
      handler: ({ query }) => catalog.listProducts(query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/products/:id',
      access: access.public,
      summary: 'Product detail with SKUs, labels, honest strike-through price and freight summary',
      tags: ['shop-catalog'],
      params: s.idParams,
      response: s.shopProduct,
      handler: ({ params }) => catalog.getProduct(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/freight-quote',
      access: access.public,
      summary: 'Freight for SKUs and quantities delivered to a province',
      tags: ['shop-catalog'],
      body: s.freightQuoteBody,
      response: s.freightQuote,
      handler: ({ body }) => catalog.quoteFreightForItems(body),
    }),

    // ── admin: categories ──
    defineRoute({
      method: 'get',
      path: '/api/admin/categories',
      access: read,
      summary: 'All categories',
      tags: ['catalog'],
      response: z.array(s.category),
      handler: () => catalog.listCategories(),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/categories',
      access: write,
      summary: 'Create a category (two levels)',
      tags: ['catalog'],
      body: s.categoryBody,
      response: s.category,
      successStatus: 201,
      handler: ({ body, req }) => catalog.createCategory(req.principal!, body, meta(req)),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/admin/categories/:id',
      access: write,
      summary: 'Change a category',
      tags: ['catalog'],
      params: s.idParams,
      body: s.categoryPatch,
      response: s.category,
      handler: ({ params, body, req }) => catalog.updateCategory(req.principal!, params.id, body, meta(req)),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/admin/categories/:id',
      access: write,
      summary: 'Delete an empty category',
      tags: ['catalog'],
      params: s.idParams,
      successStatus: 204,
      handler: ({ params, req }) => catalog.deleteCategory(req.principal!, params.id, meta(req)),
    }),

    // ── admin: freight templates ──
    defineRoute({
      method: 'get',
      path: '/api/admin/freight-templates',
      access: read,
      summary: 'Freight templates',
      tags: ['catalog'],
      response: z.array(s.freightTemplate),
      handler: () => catalog.listFreightTemplates(),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/freight-templates/:id',
      access: read,
      summary: 'A freight template',
      tags: ['catalog'],
      params: s.idParams,
      response: s.freightTemplate,
      handler: ({ params }) => catalog.getFreightTemplate(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/freight-templates',
      access: write,
      summary: 'Create a freight template',
      tags: ['catalog'],
      body: s.freightTemplateBody,
      response: s.freightTemplate,
      successStatus: 201,
      handler: ({ body, req }) => catalog.createFreightTemplate(req.principal!, body, meta(req)),
    }),
    defineRoute({
      method: 'put',
      path: '/api/admin/freight-templates/:id',
      access: write,
      summary: 'Replace a freight template',
      tags: ['catalog'],
      params: s.idParams,
      body: s.freightTemplateBody,
      response: s.freightTemplate,
      handler: ({ params, body, req }) =>
        catalog.updateFreightTemplate(req.principal!, params.id, body, meta(req)),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/admin/freight-templates/:id',
      access: write,
      summary: 'Delete a freight template no product uses',
      tags: ['catalog'],
      params: s.idParams,
      successStatus: 204,
      handler: ({ params, req }) => catalog.deleteFreightTemplate(req.principal!, params.id, meta(req)),
    }),

    // ── admin: products, SKUs, stock ──
    defineRoute({
      method: 'get',
      path: '/api/admin/products',
      access: read,
      summary: 'Products (not deleted) with total stock',
      tags: ['catalog'],
      query: s.adminProductQuery,
      response: s.adminProductListItem,
      paged: true,
      handler: ({ query }) => catalog.listAdminProducts(query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/products/:id',
      access: read,
      summary: 'A product with its specs and SKUs',
      tags: ['catalog'],
      params: s.idParams,
      response: s.adminProduct,
      handler: ({ params }) => catalog.getAdminProduct(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/products',
      access: write,
      summary: 'Create a product with its specs and SKUs',
      tags: ['catalog'],
      body: s.productBody,
      response: s.adminProduct,
      successStatus: 201,
      handler: ({ body, req }) => catalog.createProduct(req.principal!, body, meta(req)),
    }),
    defineRoute({
      method: 'put',
      path: '/api/admin/products/:id',
      access: write,
      summary: 'Replace a product, its specs and SKUs (SKUs are matched by spec values)',
      tags: ['catalog'],
      params: s.idParams,
      body: s.productBody,
      response: s.adminProduct,
      handler: ({ params, body, req }) => catalog.updateProduct(req.principal!, params.id, body, meta(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/products/:id/status',
      access: write,
      summary: 'Put a product on sale or take it off the shelf',
      tags: ['catalog'],
      params: s.idParams,
      body: s.statusBody,
      response: s.adminProduct,
      handler: ({ params, body, req }) =>
        catalog.setProductStatus(req.principal!, params.id, body.status, meta(req)),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/admin/products/:id',
      access: write,
      summary: 'Delete a product (kept for the orders that name it)',
      tags: ['catalog'],
      params: s.idParams,
      successStatus: 204,
      handler: ({ params, req }) => catalog.deleteProduct(req.principal!, params.id, meta(req)),
    }),
    defineRoute({
      method: 'put',
      path: '/api/admin/skus/:id/stock',
      access: write,
      summary: 'Set the stock of a SKU',
      tags: ['catalog'],
      params: s.idParams,
      body: s.stockSetBody,
      response: s.adminSku,
      handler: ({ params, body, req }) => catalog.setStock(req.principal!, params.id, body.stock, meta(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/skus/:id/stock-adjustments',
      access: write,
      summary: 'Add or remove stock (refused below 0)',
      tags: ['catalog'],
      params: s.idParams,
      body: s.stockAdjustBody,
      response: s.adminSku,
      handler: ({ params, body, req }) =>
        catalog.adjustStock(req.principal!, params.id, body.delta, body.reason, meta(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/skus/:id/prices',
      access: read,
      summary: 'Price history of a SKU, newest first',
      tags: ['catalog'],
      params: s.idParams,
      response: z.array(s.priceHistoryEntry),
      handler: ({ params }) => catalog.priceHistory(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/uploads/images',
      access: write,
      summary: 'Upload a product image (raw image bytes, or JSON { dataBase64, filename })',
      tags: ['catalog'],
      body: s.uploadBody,
      response: s.uploadedImage,
      successStatus: 201,
      handler: async ({ body, req }) =>
        catalog.uploadImage(
          req.principal!,
          { bytes: await uploadedBytes(req, body, opts.uploadMaxBytes), filename: body.filename },
          meta(req),
        ),
    }),
  ];
}
