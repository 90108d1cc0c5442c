import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Image, Popconfirm, Tag } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/api-error';
import { api, fetchData, fetchPage } from '../../api/client';
import { fetchNoContent } from '../../components/no-content';
import type { ProductRow, ProductsQuery } from '../../api/models';
import { formatFen } from '../../lib/money';
import { formatShopTime } from '../../lib/shop-time';
import { StockModal } from '../product-form/StockModal';

interface SearchParams {
  current?: number;
  pageSize?: number;
  keyword?: string;
  status?: ProductRow['status'];
}

const STATUS_LABELS: Record<ProductRow['status'], string> = { on_sale: '在售', off_shelf: '已下架' };
const KIND_LABELS: Record<ProductRow['kind'], string> = {
  physical: '实物',
  virtual: '虚拟',
  local_service: '到店服务',
};

const priceRange = (p: ProductRow) =>
  p.minPrice === p.maxPrice ? formatFen(p.minPrice) : `${formatFen(p.minPrice)} ~ ${formatFen(p.maxPrice)}`;

export default function ProductsPage() {
  const { message } = App.useApp();
  const table = useRef<ActionType>(null);
  const navigate = useNavigate();
  const [stockOf, setStockOf] = useState<ProductRow | null>(null);

  async function remove(product: ProductRow) {
    try {
      await fetchNoContent(api.DELETE('/api/admin/products/{id}', { params: { path: { id: product.id } } }));
      message.success(`已删除「${product.title}」`);
      table.current?.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  }

  async function setStatus(product: ProductRow, status: ProductRow['status']) {
    try {
      await fetchData(
        api.POST('/api/admin/products/{id}/status', {
          params: { path: { id: product.id } },
          body: { status },
        }),
      );
      message.success(status === 'on_sale' ? `${product.title} 已上架` : `${product.title} 已下架`);
      table.current?.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  }

  const columns: ProColumns<ProductRow>[] = [
    {
      title: '图片',
      dataIndex: 'imageUrl',
      hideInSearch: true,
      width: 72,
      render: (_, p) => (p.imageUrl ? <Image src={p.imageUrl} width={48} height={48} /> : '-'),
    },
    { title: '商品', dataIndex: 'keyword', hideInTable: true, fieldProps: { placeholder: '按名称搜索' } },
    {
      title: '商品名称',
      dataIndex: 'title',
      hideInSearch: true,
      ellipsis: true,
      render: (_, p) => <Link to={`/products/${p.id}/edit`}>{p.title}</Link>,
    },
    { title: '类型', hideInSearch: true, render: (_, p) => KIND_LABELS[p.kind] },
    {
      title: '状态',
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: { on_sale: { text: '在售' }, off_shelf: { text: '已下架' } },
      render: (_, p) => (
        <Tag color={p.status === 'on_sale' ? 'green' : 'default'}>{STATUS_LABELS[p.status]}</Tag>
      ),
    },
    { title: '价格', hideInSearch: true, align: 'right', render: (_, p) => priceRange(p) },
    { title: '库存', dataIndex: 'stock', hideInSearch: true, align: 'right' },
    { title: '销量', dataIndex: 'soldCount', hideInSearch: true, align: 'right' },
    { title: '更新时间', hideInSearch: true, width: 170, render: (_, p) => formatShopTime(p.updatedAt) },
    {
      title: '操作',
      valueType: 'option',
      width: 220,
      render: (_, p) => [
        <Link key="edit" to={`/products/${p.id}/edit`}>
          编辑
        </Link>,
        <a key="stock" onClick={() => setStockOf(p)}>
          库存
        </a>,
        p.status === 'on_sale' ? (
          <Popconfirm
            key="off"
            title={`下架「${p.title}」？`}
            description="下架后买家无法购买。"
            okText="下架"
            cancelText="取消"
            onConfirm={() => setStatus(p, 'off_shelf')}
          >
            <a>下架</a>
          </Popconfirm>
        ) : (
          <a key="on" onClick={() => setStatus(p, 'on_sale')}>
            上架
          </a>
        ),
        <Popconfirm
          key="delete"
          title={`删除「${p.title}」？`}
          description="删除后商品从店铺和后台列表消失，历史订单仍保留商品快照。此操作不能撤销。"
          okText="删除"
          okButtonProps={{ danger: true }}
          cancelText="取消"
          onConfirm={() => remove(p)}
        >
          <a style={{ color: '#ff4d4f' }}>删除</a>
        </Popconfirm>,
      ],
    },
  ];

  return (
    <PageContainer title="商品">
      <ProTable<ProductRow, SearchParams>
        rowKey="id"
        actionRef={table}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        options={{ density: false, setting: false }}
        toolBarRender={() => [
          <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => navigate('/products/new')}>
            新建商品
          </Button>,
        ]}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        request={async (params) => {
          const query: ProductsQuery = { page: params.current ?? 1, pageSize: params.pageSize ?? 20 };
          if (params.keyword?.trim()) query.keyword = params.keyword.trim();
          if (params.status) query.status = params.status;
          try {
            const { rows, meta } = await fetchPage(api.GET('/api/admin/products', { params: { query } }));
            return { data: rows, total: meta.total, success: true };
          } catch (e) {
            message.error(e instanceof ApiError ? e.message : String(e));
            return { data: [], total: 0, success: false };
          }
        }}
      />
      {stockOf && (
        <StockModal
          productId={stockOf.id}
          title={stockOf.title}
          open
          onClose={(changed) => {
            setStockOf(null);
            if (changed) table.current?.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
