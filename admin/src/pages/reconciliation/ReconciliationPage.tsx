import { PageContainer } from '@ant-design/pro-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Empty, Popconfirm, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, fetchData } from '../../api/client';
import type { ReconciliationRun } from '../../api/models';
import { formatFen } from '../../lib/money';
import { formatShopTime, SHOP_TIME_ZONE } from '../../lib/shop-time';

type Difference = ReconciliationRun['differences'][number];

const KIND_LABELS: Record<Difference['kind'], string> = {
  missing_local: '本地无记录',
  missing_provider: '账单无记录',
  amount_mismatch: '金额不符',
  status_mismatch: '状态不符',
};

const money = (fen: number | null) => (fen === null ? '-' : formatFen(fen));

export default function ReconciliationPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  // bill days are Beijing days; yesterday's bill is the latest one the provider has
  const [date, setDate] = useState<Dayjs>(() => dayjs().tz(SHOP_TIME_ZONE).subtract(1, 'day'));
  const day = date.format('YYYY-MM-DD');
  const queryKey = ['reconciliation', day];
  const { data, error, isLoading } = useQuery({
    queryKey,
    queryFn: () => fetchData(api.GET('/api/admin/reconciliation', { params: { query: { date: day } } })),
  });
  const run = useMutation({
    mutationFn: () => fetchData(api.POST('/api/admin/reconciliation/runs', { body: { date: day } })),
    onSuccess: (result) => {
      message.success(`对账完成：${result.differenceCount} 处差异`);
      void queryClient.invalidateQueries({ queryKey });
    },
    onError: (e) => message.error(e.message),
  });

  return (
    <PageContainer title="对账" content="按账单日（北京时间）核对支付渠道的交易账单与本地的支付、退款记录。">
      <Space style={{ marginBottom: 16 }}>
        <DatePicker
          aria-label="账单日"
          value={date}
          allowClear={false}
          onChange={(value) => value && setDate(value)}
        />
        <Popconfirm
          title={`立即对账 ${day}？`}
          onConfirm={() => run.mutate()}
          okText="对账"
          cancelText="取消"
        >
          <Button type="primary" loading={run.isPending}>
            立即对账
          </Button>
        </Popconfirm>
      </Space>
      {error && <Alert type="error" showIcon message={error.message} />}
      {!isLoading && data?.runs.length === 0 && <Empty description={`${day} 尚未对账`} />}
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {data?.runs.map((r) => (
          <Card
            key={r.id}
            size="small"
            title={
              <Space>
                <span>对账批次 #{r.id}</span>
                <Tag color={r.status === 'done' ? 'green' : 'red'}>
                  {r.status === 'done' ? '完成' : '失败'}
                </Tag>
                <Tag>{r.trigger === 'cron' ? '定时' : '手动'}</Tag>
              </Space>
            }
            extra={formatShopTime(r.finishedAt)}
          >
            <p>
              渠道 {r.provider}：账单 {r.providerRows} 笔，本地 {r.localRows} 笔，差异 {r.differenceCount} 处
            </p>
            {r.error && <Alert type="error" message={r.error} />}
            {r.differences.length > 0 && (
              <Table<Difference>
                rowKey={(d) => `${d.subject}:${d.outTradeNo}:${d.outRefundNo}:${d.kind}`}
                size="small"
                pagination={false}
                dataSource={r.differences}
                columns={[
                  { title: '差异', render: (_, d) => KIND_LABELS[d.kind] },
                  { title: '类型', render: (_, d) => (d.subject === 'payment' ? '支付' : '退款') },
                  { title: '商户单号', render: (_, d) => d.outRefundNo ?? d.outTradeNo ?? '-' },
                  { title: '本地金额', align: 'right', render: (_, d) => money(d.localAmount) },
                  { title: '账单金额', align: 'right', render: (_, d) => money(d.providerAmount) },
                  { title: '本地状态', render: (_, d) => d.localStatus ?? '-' },
                  { title: '账单状态', render: (_, d) => d.providerStatus ?? '-' },
                  { title: '备注', render: (_, d) => d.note ?? '-' },
                ]}
              />
            )}
          </Card>
        ))}
      </Space>
    </PageContainer>
  );
}
