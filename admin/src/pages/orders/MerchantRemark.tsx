import { App, Button, Input, Space } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/api-error';
import { api, fetchData } from '../../api/client';
import type { OrderDetail } from '../../api/models';

interface Props {
  order: OrderDetail;
  editable: boolean;
  onSaved(order: OrderDetail): void;
}

/** The merchant's own note on an order; the shopper never sees it. */
export function MerchantRemark({ order, editable, onSaved }: Props) {
  const { message } = App.useApp();
  const [remark, setRemark] = useState(order.merchantRemark ?? '');
  const [saving, setSaving] = useState(false);
  if (!editable) return <>{order.merchantRemark || '-'}</>;

  async function save() {
    setSaving(true);
    try {
      const saved = await fetchData(
        api.PUT('/api/admin/orders/{id}/remark', { params: { path: { id: order.id } }, body: { remark } }),
      );
      message.success('备注已保存');
      onSaved(saved);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        aria-label="商家备注"
        placeholder="仅商家可见"
        maxLength={500}
        value={remark}
        onChange={(e) => setRemark(e.target.value)}
      />
      <Button onClick={save} loading={saving} disabled={remark.trim() === (order.merchantRemark ?? '')}>
        保存备注
      </Button>
    </Space.Compact>
  );
}
