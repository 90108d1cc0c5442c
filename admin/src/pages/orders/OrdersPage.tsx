import { DownloadOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Tag } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/api-error';
import { api, fetchPage } from '../../api/client';
import type { OrderRow, OrdersQuery, OrderStatus } from '../../api/models';
import { useAuth } from '../../auth/AuthProvider';
import { formatFen } from '../../lib/money';
import { formatShopTime, SHOP_TIME_ZONE } from '../../lib/shop-time';
import { downloadOrdersCsv } from './export-csv';
import { ORDER_STATUS_COLORS, ORDER_STATUS_LABELS } from './labels';

interface SearchParams {
  current?: number;
  pageSize?: number;
  orderNo?: string;
  status?: OrderStatus;
  /** shop-time dates, YYYY-MM-DD */
  createdAt?: [string, string];
}

type OrderFilters = Omit<OrdersQuery, 'page' | 'pageSize'>;

/** The search form's values as the API's filters; the date range is whole shop-time days. */
function toFilters({ orderNo, status, createdAt }: SearchParams): OrderFilters {
  const filters: OrderFilters = {};
  if (orderNo?.trim()) filters.orderNo = orderNo.trim();
  if (status) filters.status = status;
  if (createdAt) {
    filters.from = dayjs.tz(createdAt[0], SHOP_TIME_ZONE).startOf('day').toISOString();
    filters.to = dayjs.tz(createdAt[1], SHOP_TIME_ZONE).add(1, 'day').startOf('day').toISOString();
  }
  return filters;
}

const EXPORT_ROLES = ['owner', 'operator', 'finance'];

export default function OrdersPage() {
  const { message } = App.useApp();
  const { admin } = useAuth();
  const filters = useRef<OrderFilters>({});
  const [exporting, setExporting] = useState(false);

  const columns: ProColumns<OrderRow>[] = [
    {
      title: '订单号',
      dataIndex: 'orderNo',
      copyable: true,
      render: (_, order) => <Link to={`/orders/${order.id}`}>{order.orderNo}</Link>,
    },
    {
      title: '状态',
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: Object.fromEntries(Object.entries(ORDER_STATUS_LABELS).map(([k, text]) => [k, { text }])),
      render: (_, order) => (
        <Tag color={ORDER_STATUS_COLORS[order.status]}>{ORDER_STATUS_LABELS[order.status]}</Tag>
      ),
    },
    {
      title: '商品',
      hideInSearch: true,
      ellipsis: true,
      render: (_, order) => order.lines.map((l) => `${l.title} ×${l.quantity}`).join('，'),
    },
    {
      title: '实付',
      dataIndex: 'payAmount',
      hideInSearch: true,
      align: 'right',
      render: (_, order) => formatFen(order.payAmount),
    },
    {
      title: '已退',
      dataIndex: 'refundedAmount',
      hideInSearch: true,
      align: 'right',
      render: (_, order) => (order.refundedAmount ? formatFen(order.refundedAmount) : '-'),
    },
    { title: '收货人', hideInSearch: true, render: (_, order) => order.address?.name ?? '-' },
    {
      title: '下单时间',
      dataIndex: 'createdAt',
      valueType: 'dateRange',
      tooltip: `店铺时间（${SHOP_TIME_ZONE}）`,
      width: 170,
      render: (_, order) => formatShopTime(order.createdAt),
    },
    {
      title: '操作',
      valueType: 'option',
      width: 80,
      render: (_, order) => [
        <Link key="detail" to={`/orders/${order.id}`}>
          详情
        </Link>,
      ],
    },
  ];

  async function exportCsv() {
    setExporting(true);
    try {
      await downloadOrdersCsv(filters.current);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  }

  return (
    <PageContainer title="订单">
      <ProTable<OrderRow, SearchParams>
        rowKey="id"
        columns={columns}
        search={{ labelWidth: 'auto' }}
        options={{ density: false, setting: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        toolBarRender={() =>
          admin && EXPORT_ROLES.includes(admin.role)
            ? [
                <Button key="export" icon={<DownloadOutlined />} loading={exporting} onClick={exportCsv}>
                  导出 CSV
                </Button>,
              ]
            : []
        }
        request={async (params) => {
          filters.current = toFilters(params);
          try {
            const query: OrdersQuery = {
              ...filters.current,
              page: params.current ?? 1,
              pageSize: params.pageSize ?? 20,
            };
            const { rows, meta } = await fetchPage(api.GET('/api/admin/orders', { params: { query } }));
            return { data: rows, total: meta.total, success: true };
          } catch (e) {
            message.error(e instanceof ApiError ? e.message : String(e));
            return { data: [], total: 0, success: false };
          }
        }}
      />
    </PageContainer>
  );
}
