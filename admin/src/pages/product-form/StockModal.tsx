import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, InputNumber, Modal, Segmented, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, fetchData } from '../../api/client';
import { errorText } from '../../components/errors';
import { formatFen } from '../../lib/money';
import { SPEC_LIMITS } from './sku-matrix';
import type { AdminSku } from './types';

type Mode = 'adjust' | 'set';

interface Props {
  productId: number;
  title: string;
  open: boolean;
  onClose(changed: boolean): void;
}

/**
 * Stock of each SKU of a product: add or remove units (a guarded update on the server, refused below 0),
 * or set the counted stock. Every change is audited with its reason.
 */
export function StockModal({ productId, title, open, onClose }: Props) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const queryKey = ['admin-product', productId];
  const { data: product, error } = useQuery({
    queryKey,
    queryFn: () => fetchData(api.GET('/api/admin/products/{id}', { params: { path: { id: productId } } })),
    enabled: open,
  });
  const [mode, setMode] = useState<Mode>('adjust');
  const [amounts, setAmounts] = useState<Record<number, number | null>>({});
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<number | null>(null);
  const [changed, setChanged] = useState(false);

  async function apply(sku: AdminSku) {
    const amount = amounts[sku.id];
    if (amount == null) return;
    if (mode === 'adjust' && amount === 0) {
      message.warning('调整数量不能为 0');
      return;
    }
    setBusy(sku.id);
    try {
      const saved =
        mode === 'adjust'
          ? await fetchData(
              api.POST('/api/admin/skus/{id}/stock-adjustments', {
                params: { path: { id: sku.id } },
                body: { delta: amount, ...(reason.trim() ? { reason: reason.trim() } : {}) },
              }),
            )
          : await fetchData(
              api.PUT('/api/admin/skus/{id}/stock', {
                params: { path: { id: sku.id } },
                body: { stock: amount },
              }),
            );
      message.success(`${sku.specText || '默认规格'} 库存已更新为 ${saved.stock}`);
      setAmounts((a) => ({ ...a, [sku.id]: null }));
      setChanged(true);
      await queryClient.invalidateQueries({ queryKey });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Modal
      title={`库存 · ${title}`}
      open={open}
      width={860}
      footer={<Button onClick={() => onClose(changed)}>关闭</Button>}
      onCancel={() => onClose(changed)}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error.message} />}
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented<Mode>
          value={mode}
          onChange={(m) => {
            setMode(m);
            setAmounts({});
          }}
          options={[
            { value: 'adjust', label: '增减库存' },
            { value: 'set', label: '盘点（设为）' },
          ]}
        />
        <Input
          aria-label="调整原因"
          placeholder="原因（选填，记入审计日志）"
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          style={{ width: 280 }}
        />
      </Space>
      <Table<AdminSku>
        rowKey="id"
        size="small"
        loading={!product && !error}
        pagination={false}
        dataSource={product?.skus ?? []}
        columns={[
          { title: '规格', render: (_, sku) => sku.specText || '默认规格' },
          { title: 'SKU 编码', render: (_, sku) => sku.skuCode ?? '-' },
          { title: '售价', align: 'right', render: (_, sku) => formatFen(sku.price) },
          {
            title: '状态',
            render: (_, sku) => (sku.status === 'on_sale' ? <Tag color="green">在售</Tag> : <Tag>停售</Tag>),
          },
          {
            title: '当前库存',
            dataIndex: 'stock',
            align: 'right',
            render: (stock: number) => (stock === 0 ? <Tag color="red">0 售罄</Tag> : stock),
          },
          {
            title: mode === 'adjust' ? '增减（负数为减少）' : '盘点后库存',
            width: 260,
            render: (_, sku) => (
              <Space.Compact>
                <InputNumber
                  aria-label={`${sku.specText || '默认规格'} ${mode === 'adjust' ? '增减数量' : '库存设为'}`}
                  precision={0}
                  min={mode === 'adjust' ? -sku.stock : 0}
                  max={SPEC_LIMITS.maxStock}
                  placeholder={mode === 'adjust' ? '+10 / -3' : String(sku.stock)}
                  value={amounts[sku.id] ?? null}
                  onChange={(v) => setAmounts((a) => ({ ...a, [sku.id]: v }))}
                  style={{ width: 150 }}
                />
                <Button
                  type="primary"
                  loading={busy === sku.id}
                  disabled={amounts[sku.id] == null}
                  onClick={() => apply(sku)}
                >
                  确定
                </Button>
              </Space.Compact>
            ),
          },
        ]}
      />
    </Modal>
  );
}
