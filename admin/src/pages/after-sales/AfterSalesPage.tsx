import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Tag } from 'antd';
import { useCallback, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api/api-error';
import { api, fetchPage } from '../../api/client';
import type { AfterSale, AfterSalesQuery, AfterSaleStatus } from '../../api/models';
import { formatFen } from '../../lib/money';
import { formatShopTime } from '../../lib/shop-time';
import { AFTER_SALE_STATUS_LABELS, AFTER_SALE_TYPE_LABELS, lineLabel } from '../orders/labels';
import { AfterSaleDrawer } from './AfterSaleDrawer';

interface SearchParams {
  current?: number;
  pageSize?: number;
  status?: AfterSaleStatus;
}

const STATUS_COLORS: Partial<Record<AfterSaleStatus, string>> = {
  requested: 'orange',
  awaiting_return: 'blue',
  returned: 'blue',
  refunding: 'processing',
  refunded: 'green',
  rejected: 'red',
};

export default function AfterSalesPage() {
  const { message } = App.useApp();
  const table = useRef<ActionType>(null);
  // the open after-sale lives in the URL, so the order detail page can link to it
  const [searchParams, setSearchParams] = useSearchParams();
  const openId = Number(searchParams.get('id')) || null;
  const open = (id: number | null) => setSearchParams(id ? { id: String(id) } : {});
  const reload = useCallback(() => table.current?.reload(), []);

  const columns: ProColumns<AfterSale>[] = [
    { title: '售后单号', dataIndex: 'afterSaleNo', hideInSearch: true },
    {
      title: '订单号',
      dataIndex: 'orderNo',
      hideInSearch: true,
      render: (_, a) => <Link to={`/orders/${a.orderId}`}>{a.orderNo}</Link>,
    },
    {
      title: '商品',
      hideInSearch: true,
      ellipsis: true,
      render: (_, a) => `${a.line ? lineLabel(a.line) : ''} ×${a.quantity}`,
    },
    { title: '类型', hideInSearch: true, render: (_, a) => AFTER_SALE_TYPE_LABELS[a.type] },
    {
      title: '状态',
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: Object.fromEntries(
        Object.entries(AFTER_SALE_STATUS_LABELS).map(([k, text]) => [k, { text }]),
      ),
      render: (_, a) => <Tag color={STATUS_COLORS[a.status]}>{AFTER_SALE_STATUS_LABELS[a.status]}</Tag>,
    },
    {
      title: '退款金额',
      hideInSearch: true,
      align: 'right',
      render: (_, a) => formatFen(a.refundAmount),
    },
    { title: '原因', dataIndex: 'reason', hideInSearch: true, ellipsis: true },
    { title: '申请时间', hideInSearch: true, width: 170, render: (_, a) => formatShopTime(a.requestedAt) },
    {
      title: '操作',
      valueType: 'option',
      width: 80,
      render: (_, a) => [
        <a key="detail" onClick={() => open(a.id)}>
          处理
        </a>,
      ],
    },
  ];

  return (
    <PageContainer title="售后">
      <ProTable<AfterSale, SearchParams>
        rowKey="id"
        actionRef={table}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        options={{ density: false, setting: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        request={async (params) => {
          const query: AfterSalesQuery = { page: params.current ?? 1, pageSize: params.pageSize ?? 20 };
          if (params.status) query.status = params.status;
          try {
            const { rows, meta } = await fetchPage(api.GET('/api/admin/after-sales', { params: { query } }));
            return { data: rows, total: meta.total, success: true };
          } catch (e) {
            message.error(e instanceof ApiError ? e.message : String(e));
            return { data: [], total: 0, success: false };
          }
        }}
      />
      <AfterSaleDrawer id={openId} onClose={() => open(null)} onChanged={reload} />
    </PageContainer>
  );
}
