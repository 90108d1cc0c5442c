import { App, Form, Input, InputNumber, Modal, Select, Table } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/api-error';
import { api, fetchData } from '../../api/client';
import type { OrderDetail, OrderLine } from '../../api/models';
import { lineLabel } from './labels';

/** WeChat's carrier codes (delivery_id) of the carriers merchants use most. */
const CARRIERS = [
  { value: 'SF', label: '顺丰速运（SF）' },
  { value: 'ZTO', label: '中通快递（ZTO）' },
  { value: 'YTO', label: '圆通速递（YTO）' },
  { value: 'STO', label: '申通快递（STO）' },
  { value: 'YUNDA', label: '韵达速递（YUNDA）' },
  { value: 'JD', label: '京东物流（JD）' },
  { value: 'EMS', label: '中国邮政 EMS（EMS）' },
];

/** Units of a line not yet in a package nor refunded before shipping. */
export const unshipped = (line: OrderLine) => line.quantity - line.shippedQuantity - line.cancelledQuantity;

interface ShipForm {
  carrier: string;
  trackingNo: string;
  quantities: Record<number, number | null>;
}

interface Props {
  order: OrderDetail;
  open: boolean;
  onClose(): void;
  onShipped(): void;
}

/** One package: the carrier, its tracking number and how many units of each line go in it. */
export function ShipModal({ order, open, onClose, onShipped }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ShipForm>();
  const [saving, setSaving] = useState(false);
  const lines = order.lines.filter((line) => unshipped(line) > 0);

  async function submit() {
    const values = await form.validateFields();
    const packageLines = lines
      .map((line) => ({ orderLineId: line.id, quantity: values.quantities?.[line.id] ?? 0 }))
      .filter((line) => line.quantity > 0);
    if (packageLines.length === 0) {
      message.error('请至少选择一件商品');
      return;
    }
    setSaving(true);
    try {
      const result = await fetchData(
        api.POST('/api/admin/orders/{id}/packages', {
          params: { path: { id: order.id } },
          body: { carrier: values.carrier, trackingNo: values.trackingNo.trim(), lines: packageLines },
        }),
      );
      message.success(result.orderShipped ? '已发货，订单全部发出' : '包裹已发出，仍有商品待发货');
      form.resetFields();
      onShipped();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      title="发货（一个包裹）"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="确认发货"
      confirmLoading={saving}
      destroyOnHidden
      width={720}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ quantities: Object.fromEntries(lines.map((line) => [line.id, unshipped(line)])) }}
      >
        <Table<OrderLine>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={lines}
          columns={[
            { title: '商品', render: (_, line) => lineLabel(line) },
            { title: '待发', width: 70, render: (_, line) => unshipped(line) },
            {
              title: '本包裹数量',
              width: 130,
              render: (_, line) => (
                <Form.Item name={['quantities', line.id]} noStyle>
                  <InputNumber
                    aria-label={`${line.title} 本包裹数量`}
                    min={0}
                    max={unshipped(line)}
                    precision={0}
                  />
                </Form.Item>
              ),
            },
          ]}
        />
        <Form.Item name="carrier" label="快递公司" rules={[{ required: true, message: '请选择快递公司' }]}>
          <Select options={CARRIERS} placeholder="选择快递公司" showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.Item
          name="trackingNo"
          label="运单号"
          rules={[
            { required: true, message: '请填写运单号' },
            { pattern: /^[A-Za-z0-9-]{4,64}$/, message: '4 到 64 位字母、数字或 -' },
          ]}
        >
          <Input placeholder="运单号" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
