import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Input,
  Modal,
  Popconfirm,
  Space,
  Spin,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, fetchData } from '../../api/client';
import type { AdminRole, AfterSale } from '../../api/models';
import { useAuth } from '../../auth/AuthProvider';
import { formatFen } from '../../lib/money';
import { formatShopTime } from '../../lib/shop-time';
import { AFTER_SALE_STATUS_LABELS, AFTER_SALE_TYPE_LABELS, lineLabel } from '../orders/labels';

/** Who may do what, as the backend's admin routes say (order/admin-routes.ts). */
const REVIEW_ROLES: readonly AdminRole[] = ['owner', 'operator', 'service'];
const REFUND_ROLES: readonly AdminRole[] = ['owner', 'finance', 'service'];
const REFUNDABLE: readonly AfterSale['status'][] = ['approved', 'returned', 'refunding'];

interface Props {
  id: number | null;
  onClose(): void;
  onChanged(): void;
}

export function AfterSaleDrawer({ id, onClose, onChanged }: Props) {
  const { message } = App.useApp();
  const { admin } = useAuth();
  const queryClient = useQueryClient();
  const queryKey = ['admin-after-sale', id];
  const {
    data: afterSale,
    error,
    refetch,
  } = useQuery({
    queryKey,
    queryFn: () => fetchData(api.GET('/api/admin/after-sales/{id}', { params: { path: { id: id! } } })),
    enabled: id !== null,
  });
  // the provider confirms a refund asynchronously: look again until it settles
  const refunding = afterSale?.status === 'refunding';
  useEffect(() => {
    if (!refunding) return;
    const timer = setInterval(() => void refetch(), 2000);
    return () => {
      clearInterval(timer);
      onChanged();
    };
  }, [refunding, refetch, onChanged]);
  const [rejecting, setRejecting] = useState(false);
  const [rejectReason, setRejectReason] = useState('');
  const [restock, setRestock] = useState(true);

  const act = useMutation({
    mutationFn: (action: (path: { path: { id: number } }) => Promise<AfterSale>) =>
      action({ path: { id: id! } }),
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKey, updated);
      void queryClient.invalidateQueries({ queryKey: ['admin-order', updated.orderId] });
      message.success(`已处理：${AFTER_SALE_STATUS_LABELS[updated.status]}`);
      onChanged();
    },
    onError: (e) => message.error(e.message),
  });

  const role = admin?.role;
  const mayReview = role !== undefined && REVIEW_ROLES.includes(role);
  const mayRefund = role !== undefined && REFUND_ROLES.includes(role);

  const approve = () =>
    act.mutate((params) => fetchData(api.POST('/api/admin/after-sales/{id}/approve', { params })));
  const reject = () =>
    act.mutate((params) =>
      fetchData(
        api.POST('/api/admin/after-sales/{id}/reject', { params, body: { reason: rejectReason.trim() } }),
      ),
    );
  const receive = () =>
    act.mutate((params) =>
      fetchData(api.POST('/api/admin/after-sales/{id}/receive', { params, body: { restock } })),
    );
  const refund = () =>
    act.mutate((params) => fetchData(api.POST('/api/admin/after-sales/{id}/refund', { params })));

  return (
    <Drawer title="售后详情" width={640} open={id !== null} onClose={onClose} destroyOnHidden>
      {error && <Alert type="error" showIcon message={error.message} />}
      {!afterSale && !error && <Spin />}
      {afterSale && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="售后单号" span={2}>
              {afterSale.afterSaleNo}
            </Descriptions.Item>
            <Descriptions.Item label="订单号" span={2}>
              <Link to={`/orders/${afterSale.orderId}`}>{afterSale.orderNo}</Link>
            </Descriptions.Item>
            <Descriptions.Item label="状态">{AFTER_SALE_STATUS_LABELS[afterSale.status]}</Descriptions.Item>
            <Descriptions.Item label="类型">{AFTER_SALE_TYPE_LABELS[afterSale.type]}</Descriptions.Item>
            <Descriptions.Item label="商品" span={2}>
              {afterSale.line ? lineLabel(afterSale.line) : '-'} ×{afterSale.quantity}
            </Descriptions.Item>
            <Descriptions.Item label="商品金额">{formatFen(afterSale.amount)}</Descriptions.Item>
            <Descriptions.Item label="退回运费">{formatFen(afterSale.freightAmount)}</Descriptions.Item>
            <Descriptions.Item label="退款金额" span={2}>
              <strong data-testid="refund-amount">{formatFen(afterSale.refundAmount)}</strong>
            </Descriptions.Item>
            <Descriptions.Item label="原因" span={2}>
              {afterSale.reason}
            </Descriptions.Item>
            {afterSale.description && (
              <Descriptions.Item label="说明" span={2}>
                {afterSale.description}
              </Descriptions.Item>
            )}
            {afterSale.rejectReason && (
              <Descriptions.Item label="拒绝理由" span={2}>
                {afterSale.rejectReason}
              </Descriptions.Item>
            )}
            {afterSale.returnTrackingNo && (
              <Descriptions.Item label="退货运单" span={2}>
                {afterSale.returnCarrier} {afterSale.returnTrackingNo}
              </Descriptions.Item>
            )}
            <Descriptions.Item label="申请时间" span={2}>
              {formatShopTime(afterSale.requestedAt)}
            </Descriptions.Item>
            {afterSale.refundedAt && (
              <Descriptions.Item label="退款时间" span={2}>
                {formatShopTime(afterSale.refundedAt)}
              </Descriptions.Item>
            )}
            {afterSale.refundError && (
              <Descriptions.Item label="退款失败" span={2}>
                {afterSale.refundError}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Space wrap>
            {mayReview && afterSale.status === 'requested' && (
              <>
                <Popconfirm title="同意这笔售后？" onConfirm={approve} okText="同意" cancelText="取消">
                  <Button type="primary" loading={act.isPending}>
                    同意
                  </Button>
                </Popconfirm>
                <Button danger onClick={() => setRejecting(true)}>
                  拒绝
                </Button>
              </>
            )}
            {mayReview && afterSale.status === 'awaiting_return' && (
              <Popconfirm
                title="确认已收到退货？"
                description={
                  <Checkbox checked={restock} onChange={(e) => setRestock(e.target.checked)}>
                    退回库存
                  </Checkbox>
                }
                onConfirm={receive}
                okText="确认收货"
                cancelText="取消"
              >
                <Button loading={act.isPending}>确认收到退货</Button>
              </Popconfirm>
            )}
            {mayRefund && REFUNDABLE.includes(afterSale.status) && (
              <Popconfirm
                title={`退款 ${formatFen(afterSale.refundAmount)} 给买家？`}
                description="款项原路退回，无法撤回。"
                onConfirm={refund}
                okText="确认退款"
                cancelText="取消"
              >
                <Button type="primary" danger loading={act.isPending}>
                  {afterSale.status === 'refunding' ? '重新发起退款' : '退款'}
                </Button>
              </Popconfirm>
            )}
          </Space>
        </Space>
      )}
      <Modal
        title="拒绝售后"
        open={rejecting}
        okText="确认拒绝"
        okButtonProps={{ danger: true, disabled: rejectReason.trim() === '' }}
        onOk={() => {
          reject();
          setRejecting(false);
        }}
        onCancel={() => setRejecting(false)}
      >
        <Input.TextArea
          aria-label="拒绝理由"
          placeholder="拒绝理由（买家可见）"
          maxLength={200}
          showCount
          value={rejectReason}
          onChange={(e) => setRejectReason(e.target.value)}
        />
      </Modal>
    </Drawer>
  );
}
