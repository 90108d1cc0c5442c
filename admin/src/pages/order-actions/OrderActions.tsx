import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Tag } from 'antd';
import { useState } from 'react';
import { api, fetchData } from '../../api/client';
import type { AdminRole, OrderDetail } from '../../api/models';
import { errorText, showFieldErrors } from '../../components/errors';
import { formatFen } from '../../lib/money';
import { formatShopTime } from '../../lib/shop-time';

/** RULES §14 and the API's FULFIL rule: owners and operators cancel unpaid orders and retry uploads. */
const FULFIL_ROLES: readonly AdminRole[] = ['owner', 'operator'];
export const canFulfil = (role: AdminRole | undefined) => !!role && FULFIL_ROLES.includes(role);

/** 取消订单 for an unpaid order: asks for the reason the shopper will see, then cancels (stock returns). */
export function CancelOrderButton({
  order,
  onCancelled,
}: {
  order: OrderDetail;
  onCancelled(o: OrderDetail): void;
}) {
  const [open, setOpen] = useState(false);
  if (order.status !== 'pending_payment') return null;
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        取消订单
      </Button>
      {open && (
        <CancelModal
          order={order}
          onClose={(cancelled) => {
            setOpen(false);
            if (cancelled) onCancelled(cancelled);
          }}
        />
      )}
    </>
  );
}

function CancelModal({ order, onClose }: { order: OrderDetail; onClose(cancelled?: OrderDetail): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);

  async function submit() {
    const { reason } = await form.validateFields();
    setSaving(true);
    try {
      const cancelled = await fetchData(
        api.POST('/api/admin/orders/{id}/cancel', {
          params: { path: { id: order.id } },
          body: { reason: reason.trim() },
        }),
      );
      message.success('订单已取消，库存已退回');
      onClose(cancelled);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      title={`取消订单 ${order.orderNo}？`}
      open
      okText="确认取消订单"
      okButtonProps={{ danger: true }}
      cancelText="再想想"
      confirmLoading={saving}
      onOk={submit}
      onCancel={() => onClose()}
      destroyOnHidden
    >
      <p>
        这笔 {formatFen(order.payAmount)}{' '}
        的订单尚未付款。取消后买家无法再付款，商品库存立即退回。此操作不能撤销。
      </p>
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label="取消原因（买家可见）"
          rules={[
            { required: true, whitespace: true, message: '请填写取消原因' },
            { max: 200, message: '最多 200 个字' },
          ]}
        >
          <Input.TextArea maxLength={200} autoSize={{ minRows: 2 }} placeholder="如 顾客来电要求取消" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const UPLOAD_STATUS = {
  not_required: { text: '无需上传', color: 'default' },
  pending: { text: '待上传', color: 'blue' },
  uploaded: { text: '已上传', color: 'green' },
  failed: { text: '上传失败', color: 'red' },
} as const;

/**
 * The WeChat shipping-info upload (发货信息录入) of a paid mini-program order: until it is uploaded WeChat
 * Pay keeps the money frozen. A failed (or stuck) upload can be queued again.
 */
export function ShippingUploadCard({
  order,
  canRetry,
  onRetried,
}: {
  order: OrderDetail;
  canRetry: boolean;
  onRetried(): void;
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const status = order.shippingUploadStatus;
  if (!status || status === 'not_required') return null;

  async function retry() {
    setBusy(true);
    try {
      await fetchData(
        api.POST('/api/admin/orders/{id}/shipping-upload/retry', { params: { path: { id: order.id } } }),
      );
      message.success('已重新提交，稍后刷新查看上传结果');
      onRetried();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title="微信发货信息"
      size="small"
      extra={
        canRetry &&
        (status === 'failed' || status === 'pending') && (
          <Button size="small" loading={busy} onClick={retry}>
            重试上传
          </Button>
        )
      }
    >
      <Descriptions column={2} size="small">
        <Descriptions.Item label="状态">
          <Tag color={UPLOAD_STATUS[status].color}>{UPLOAD_STATUS[status].text}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label="上传时间">
          {order.shippingUploadedAt ? formatShopTime(order.shippingUploadedAt) : '-'}
        </Descriptions.Item>
      </Descriptions>
      {status === 'failed' && (
        <Alert
          type="error"
          showIcon
          message="上传失败：微信支付会冻结这笔货款，直到发货信息上传成功"
          description={order.shippingUploadError ?? undefined}
        />
      )}
    </Card>
  );
}
