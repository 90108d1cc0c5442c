import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Space, Table, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, fetchData } from '../../api/client';
import type { AfterSale, OrderDetail, OrderLine } from '../../api/models';
import { useAuth } from '../../auth/AuthProvider';
import { FullPageSpin } from '../../layout/FullPageSpin';
import { formatFen } from '../../lib/money';
import { formatShopTime } from '../../lib/shop-time';
import {
  AFTER_SALE_STATUS_LABELS,
  AFTER_SALE_TYPE_LABELS,
  ORDER_STATUS_COLORS,
  ORDER_STATUS_LABELS,
  SHIPPABLE,
  timelineActionLabel,
} from './labels';
import { CancelOrderButton, canFulfil, ShippingUploadCard } from '../order-actions/OrderActions';
import { MerchantRemark } from './MerchantRemark';
import { ShipModal, unshipped } from './ShipModal';

const SHIP_ROLES = ['owner', 'operator'];

function statusLabel(status: string | null): string {
  return status ? (ORDER_STATUS_LABELS[status as keyof typeof ORDER_STATUS_LABELS] ?? status) : '';
}

export default function OrderDetailPage() {
  const id = Number(useParams().id);
  const { admin } = useAuth();
  const queryClient = useQueryClient();
  const [shipping, setShipping] = useState(false);
  const queryKey = ['admin-order', id];
  const { data: order, error } = useQuery({
    queryKey,
    queryFn: () => fetchData(api.GET('/api/admin/orders/{id}', { params: { path: { id } } })),
    enabled: Number.isInteger(id),
  });

  if (error) return <Alert type="error" showIcon message={error.message} />;
  if (!order) return <FullPageSpin />;

  const canShip =
    admin !== undefined &&
    SHIP_ROLES.includes(admin.role) &&
    SHIPPABLE.includes(order.status) &&
    order.lines.some((line) => unshipped(line) > 0);

  return (
    <PageContainer
      title={`订单 ${order.orderNo}`}
      tags={<Tag color={ORDER_STATUS_COLORS[order.status]}>{ORDER_STATUS_LABELS[order.status]}</Tag>}
      onBack={() => history.back()}
      extra={[
        ...(canFulfil(admin?.role)
          ? [
              <CancelOrderButton
                key="cancel"
                order={order}
                onCancelled={(cancelled) => queryClient.setQueryData(queryKey, cancelled)}
              />,
            ]
          : []),
        ...(canShip
          ? [
              <Button key="ship" type="primary" onClick={() => setShipping(true)}>
                发货
              </Button>,
            ]
          : []),
      ]}
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <OrderSummary order={order} />
        <ShippingUploadCard
          order={order}
          canRetry={canFulfil(admin?.role)}
          onRetried={() => void queryClient.invalidateQueries({ queryKey })}
        />
        <Card title="商家备注" size="small">
          <MerchantRemark
            key={order.merchantRemark ?? ''}
            order={order}
            editable={admin !== undefined && SHIP_ROLES.includes(admin.role)}
            onSaved={(saved) => queryClient.setQueryData(queryKey, saved)}
          />
        </Card>
        <Card title="商品" size="small">
          <LinesTable lines={order.lines} />
        </Card>
        <Card title={`包裹（${order.packages.length}）`} size="small">
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={order.packages}
            locale={{ emptyText: '尚未发货' }}
            columns={[
              { title: '快递公司', dataIndex: 'carrier' },
              { title: '运单号', dataIndex: 'trackingNo' },
              {
                title: '商品',
                render: (_, pkg) =>
                  pkg.lines
                    .map(
                      (pl) =>
                        `${order.lines.find((l) => l.id === pl.orderLineId)?.title ?? pl.orderLineId} ×${pl.quantity}`,
                    )
                    .join('，'),
              },
              { title: '发货时间', render: (_, pkg) => formatShopTime(pkg.shippedAt) },
            ]}
          />
        </Card>
        {order.afterSales.length > 0 && (
          <Card title="售后" size="small">
            <AfterSalesOfOrder afterSales={order.afterSales} />
          </Card>
        )}
        <Card title="订单动态" size="small">
          <Timeline
            items={order.timeline.map((entry) => ({
              children: (
                <>
                  <div>
                    {formatShopTime(entry.at)} · {timelineActionLabel(entry.action)}
                    {entry.toStatus && ` → ${statusLabel(entry.toStatus)}`}
                  </div>
                  {entry.note && <div style={{ color: '#888' }}>{entry.note}</div>}
                </>
              ),
            }))}
          />
        </Card>
      </Space>
      <ShipModal
        order={order}
        open={shipping}
        onClose={() => setShipping(false)}
        onShipped={() => {
          setShipping(false);
          void queryClient.invalidateQueries({ queryKey });
        }}
      />
    </PageContainer>
  );
}

function OrderSummary({ order }: { order: OrderDetail }) {
  const address = order.address;
  return (
    <Card size="small">
      <Descriptions column={3} size="small">
        <Descriptions.Item label="下单时间">{formatShopTime(order.createdAt)}</Descriptions.Item>
        <Descriptions.Item label="付款时间">
          {order.paidAt ? formatShopTime(order.paidAt) : '-'}
        </Descriptions.Item>
        <Descriptions.Item label="发货时间">
          {order.shippedAt ? formatShopTime(order.shippedAt) : '-'}
        </Descriptions.Item>
        <Descriptions.Item label="商品金额">{formatFen(order.goodsAmount)}</Descriptions.Item>
        <Descriptions.Item label="运费">{formatFen(order.freightAmount)}</Descriptions.Item>
        <Descriptions.Item label="优惠">{formatFen(order.discountAmount)}</Descriptions.Item>
        <Descriptions.Item label="实付">
          <strong>{formatFen(order.payAmount)}</strong>
        </Descriptions.Item>
        <Descriptions.Item label="已退款">{formatFen(order.refundedAmount)}</Descriptions.Item>
        <Descriptions.Item label="支付单号">{order.transactionId ?? '-'}</Descriptions.Item>
        <Descriptions.Item label="收货信息" span={3}>
          {address
            ? `${address.name} ${address.phone} ${address.province}${address.city}${address.district}${address.detail}`
            : '-'}
        </Descriptions.Item>
        <Descriptions.Item label="买家留言" span={3}>
          {order.remark ?? '-'}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function LinesTable({ lines }: { lines: OrderLine[] }) {
  return (
    <Table<OrderLine>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={lines}
      columns={[
        { title: '商品', dataIndex: 'title' },
        { title: '规格', dataIndex: 'specText' },
        { title: '单价', align: 'right', render: (_, line) => formatFen(line.unitPrice) },
        { title: '数量', dataIndex: 'quantity', align: 'right' },
        { title: '已发', dataIndex: 'shippedQuantity', align: 'right' },
        { title: '实付', align: 'right', render: (_, line) => formatFen(line.payAmount) },
        {
          title: '成本价',
          align: 'right',
          render: (_, line) => (line.costPrice === undefined ? '-' : formatFen(line.costPrice)),
        },
        {
          title: '已退',
          align: 'right',
          render: (_, line) => (line.refundedAmount ? formatFen(line.refundedAmount) : '-'),
        },
      ]}
    />
  );
}

function AfterSalesOfOrder({ afterSales }: { afterSales: AfterSale[] }) {
  return (
    <Table<AfterSale>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={afterSales}
      columns={[
        {
          title: '售后单号',
          render: (_, a) => <Link to={`/after-sales?id=${a.id}`}>{a.afterSaleNo}</Link>,
        },
        { title: '类型', render: (_, a) => AFTER_SALE_TYPE_LABELS[a.type] },
        { title: '状态', render: (_, a) => AFTER_SALE_STATUS_LABELS[a.status] },
        { title: '数量', dataIndex: 'quantity' },
        { title: '退款金额', render: (_, a) => formatFen(a.refundAmount) },
      ]}
    />
  );
}
