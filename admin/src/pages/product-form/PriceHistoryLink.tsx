import { useQuery } from '@tanstack/react-query';
import { Alert, Modal, Table } from 'antd';
import { useState } from 'react';
import { api, fetchData } from '../../api/client';
import { formatFen } from '../../lib/money';
import { formatShopTime } from '../../lib/shop-time';
import type { PriceEntry } from './types';

/** 调价记录 of a saved SKU (`GET /api/admin/skus/:id/prices`, newest first): the base of 划线价. */
export function PriceHistoryLink({ skuId, title }: { skuId: number; title: string }) {
  const [open, setOpen] = useState(false);
  const { data, error, isPending } = useQuery({
    queryKey: ['sku-prices', skuId],
    queryFn: () => fetchData(api.GET('/api/admin/skus/{id}/prices', { params: { path: { id: skuId } } })),
    enabled: open,
  });
  return (
    <>
      <a onClick={() => setOpen(true)}>查看</a>
      <Modal title={`调价记录 · ${title}`} open={open} onCancel={() => setOpen(false)} footer={null}>
        {error ? (
          <Alert type="error" showIcon message={error.message} />
        ) : (
          <Table<PriceEntry>
            rowKey={(e) => `${e.effectiveFrom}-${e.price}`}
            size="small"
            loading={isPending}
            pagination={false}
            dataSource={data ?? []}
            columns={[
              { title: '生效时间', render: (_, e) => formatShopTime(e.effectiveFrom) },
              { title: '价格', align: 'right', render: (_, e) => formatFen(e.price) },
            ]}
          />
        )}
        <p style={{ color: '#888', marginTop: 12 }}>
          划线价只显示调价前 7 天内实际收过的最低价，没有收过的价格不会作为划线价。
        </p>
      </Modal>
    </>
  );
}
