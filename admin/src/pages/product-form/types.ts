import type { ApiBody, ApiData } from '../../components/api-types';

export type AdminProduct = ApiData<'/api/admin/products/{id}', 'get'>;
export type AdminSku = AdminProduct['skus'][number];
export type ProductBody = ApiBody<'/api/admin/products', 'post'>;
export type ProductKind = AdminProduct['kind'];
export type Category = ApiData<'/api/admin/categories', 'get'>[number];
export type FreightTemplate = ApiData<'/api/admin/freight-templates', 'get'>[number];
export type PriceEntry = ApiData<'/api/admin/skus/{id}/prices', 'get'>[number];

export const KIND_LABELS: Record<ProductKind, string> = {
  physical: '实物商品',
  virtual: '虚拟商品',
  local_service: '到店服务',
};
