import { useQueries, useQuery } from '@tanstack/react-query';
import { Select, Spin, TreeSelect } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, fetchData, fetchPage } from '../../api/client';
import { formatFen } from '../../lib/money';
import type { ApiData } from '../api-types';
import type { WidgetProps } from './widgets';

type ProductRow = ApiData<'/api/admin/products', 'get'>[number];
type ProductDetail = ApiData<'/api/admin/products/{id}', 'get'>;
type Category = ApiData<'/api/admin/categories', 'get'>[number];

/** The text typed in a search box, settled for 300 ms (one request per pause, not per key). */
function useSettled(text: string): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text), 300);
    return () => clearTimeout(timer);
  }, [text]);
  return settled;
}

function useProductSearch(keyword: string, pageSize: number) {
  const settled = useSettled(keyword.trim());
  return useQuery({
    queryKey: ['schema-form', 'products', settled, pageSize],
    queryFn: () =>
      fetchPage(
        api.GET('/api/admin/products', {
          params: { query: { pageSize, ...(settled ? { keyword: settled } : {}) } },
        }),
      ),
    staleTime: 30_000,
  });
}

const productQuery = (id: number) => ({
  queryKey: ['schema-form', 'product', id],
  queryFn: () => fetchData(api.GET('/api/admin/products/{id}', { params: { path: { id } } })),
  staleTime: 60_000,
});

const idsOf = (value: number | number[] | undefined): number[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Products by title search (GET /api/admin/products); one id, or several with `multiple`. */
export function ProductPicker({
  value,
  onChange,
  multiple,
  ...rest
}: WidgetProps<number | number[]> & { multiple?: boolean }) {
  const [keyword, setKeyword] = useState('');
  const search = useProductSearch(keyword, 20);
  const rows: ProductRow[] = search.data?.rows ?? [];
  const selected = idsOf(value);
  // titles of chosen products the current search does not list (an edited campaign)
  const missing = selected.filter((id) => !rows.some((r) => r.id === id));
  const details = useQueries({ queries: missing.map(productQuery) });
  const options = useMemo(() => {
    const byId = new Map<number, string>();
    details.forEach((d, i) => byId.set(missing[i], d.data ? d.data.title : `商品 #${missing[i]}`));
    for (const r of rows) byId.set(r.id, `${r.title}${r.status === 'off_shelf' ? '（已下架）' : ''}`);
    return [...byId].map(([id, label]) => ({ value: id, label }));
  }, [rows, details, missing]);
  return (
    <Select<number | number[]>
      {...rest}
      mode={multiple ? 'multiple' : undefined}
      showSearch
      allowClear
      filterOption={false}
      onSearch={setKeyword}
      onBlur={() => setKeyword('')}
      placeholder="搜索商品名称"
      notFoundContent={search.isFetching ? <Spin size="small" /> : '没有找到商品'}
      options={options}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      style={{ minWidth: 260, maxWidth: 560 }}
    />
  );
}

const skuText = (p: ProductDetail, s: ProductDetail['skus'][number]) =>
  `${p.title}${s.specText ? ` ${s.specText}` : ''}（${formatFen(s.price)}，库存 ${s.stock}）`;

/**
 * One SKU: search products by title, then pick among their SKUs (grouped by product). A chosen SKU of a
 * product the search does not list (an edited campaign) shows as "SKU #id".
 */
export function SkuPicker({ value, onChange, ...rest }: WidgetProps<number>) {
  const [keyword, setKeyword] = useState('');
  const search = useProductSearch(keyword, 8);
  const rows: ProductRow[] = search.data?.rows ?? [];
  const details = useQueries({ queries: rows.map((r) => productQuery(r.id)) });
  const loading = search.isFetching || details.some((d) => d.isFetching);
  const options = useMemo(() => {
    const groups = details.flatMap((d) =>
      d.data
        ? [
            {
              label: d.data.title,
              title: d.data.title,
              options: d.data.skus.map((s) => ({ value: s.id, label: skuText(d.data!, s) })),
            },
          ]
        : [],
    );
    const listed = groups.some((g) => g.options.some((o) => o.value === value));
    if (value !== undefined && !listed)
      groups.unshift({ label: '已选', title: '已选', options: [{ value, label: `SKU #${value}` }] });
    return groups;
  }, [details, value]);
  return (
    <Select<number>
      {...rest}
      showSearch
      allowClear
      filterOption={false}
      onSearch={setKeyword}
      onBlur={() => setKeyword('')}
      placeholder="搜索商品，选择规格"
      notFoundContent={loading ? <Spin size="small" /> : '没有找到商品'}
      options={options}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      style={{ minWidth: 280, maxWidth: 560 }}
      popupMatchSelectWidth={false}
    />
  );
}

/** Categories as their two-level tree (GET /api/admin/categories); one id, or several with `multiple`. */
export function CategoryPicker({
  value,
  onChange,
  multiple,
  ...rest
}: WidgetProps<number | number[]> & { multiple?: boolean }) {
  const categories = useQuery({
    queryKey: ['schema-form', 'categories'],
    queryFn: () => fetchData(api.GET('/api/admin/categories')),
    staleTime: 60_000,
  });
  const tree = useMemo(() => {
    const all: Category[] = categories.data ?? [];
    return all
      .filter((c) => c.parentId === null)
      .map((top) => ({
        value: top.id,
        title: top.name,
        children: all.filter((c) => c.parentId === top.id).map((c) => ({ value: c.id, title: c.name })),
      }));
  }, [categories.data]);
  return (
    <TreeSelect<number | number[]>
      {...rest}
      multiple={multiple}
      allowClear
      treeDefaultExpandAll
      showSearch
      treeNodeFilterProp="title"
      placeholder="选择分类"
      loading={categories.isLoading}
      treeData={tree}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      style={{ minWidth: 260, maxWidth: 560 }}
    />
  );
}
