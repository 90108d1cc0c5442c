import { useQuery } from '@tanstack/react-query';
import { Alert, App, Form, Modal, Select, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, fetchData, fetchPage } from '../../../api/client';
import { errorText } from '../../../components/errors';
import { couponFace } from './template-payload';
import { OUTCOME_LABELS, type CouponTemplate, type GrantResult } from './types';

function useSettled(text: string): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text), 300);
    return () => clearTimeout(timer);
  }, [text]);
  return settled;
}

/** A fresh key per opened dialog: a double click or a retry of the same grant issues nothing new. */
const newKey = () => `grant-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** 发放: one coupon to each chosen shopper (channel merchant_grant); the outcome is per shopper. */
export function GrantModal({
  template,
  onClose,
}: {
  template: CouponTemplate;
  onClose: (changed: boolean) => void;
}) {
  const { message } = App.useApp();
  const [keyword, setKeyword] = useState('');
  const q = useSettled(keyword.trim());
  const [picked, setPicked] = useState<{ value: number; label: string }[]>([]);
  const [key] = useState(newKey);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<GrantResult | null>(null);
  const shoppers = useQuery({
    queryKey: ['marketing', 'grant-shoppers', q],
    queryFn: () =>
      fetchPage(
        api.GET('/api/admin/shoppers', {
          params: { query: { pageSize: 20, status: 'active', ...(q ? { q } : {}) } },
        }),
      ),
    staleTime: 30_000,
  });
  const names = new Map(picked.map((p) => [p.value, p.label]));
  for (const s of shoppers.data?.rows ?? [])
    names.set(s.id, `${s.nickname}（#${s.id}${s.phone ? `，${s.phone}` : ''}）`);

  async function grant() {
    if (picked.length === 0) {
      message.error('请至少选择一位买家');
      return;
    }
    setSending(true);
    try {
      const r = await fetchData(
        api.POST('/api/admin/coupon-templates/{id}/grants', {
          params: { path: { id: template.id } },
          body: { shopperIds: picked.map((p) => p.value), idempotencyKey: key },
        }),
      );
      setResult(r);
      if (r.issued > 0) message.success(`已发放 ${r.issued} 张`);
      else message.warning('没有发出新的券');
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSending(false);
    }
  }

  return (
    <Modal
      open
      title={`发放优惠券：${template.name}`}
      okText={result ? '完成' : '发放'}
      cancelText="取消"
      confirmLoading={sending}
      onOk={() => (result ? onClose(true) : grant())}
      onCancel={() => onClose(result !== null)}
      width={620}
    >
      <Typography.Paragraph type="secondary">
        {couponFace(template)}；每位买家发一张，受每人限领（{template.perUserLimit} 张）和剩余数量限制。
      </Typography.Paragraph>
      {result ? (
        <>
          <Alert
            showIcon
            type={result.refused > 0 ? 'warning' : 'success'}
            style={{ marginBottom: 12 }}
            message={`发放 ${result.issued} 张，未发 ${result.refused} 位`}
          />
          <Table
            size="small"
            rowKey="shopperId"
            pagination={false}
            dataSource={result.results}
            columns={[
              { title: '买家', render: (_, r) => names.get(r.shopperId) ?? `#${r.shopperId}` },
              {
                title: '结果',
                render: (_, r) => (
                  <Tag color={r.outcome === 'issued' ? 'success' : 'warning'}>
                    {OUTCOME_LABELS[r.outcome]}
                  </Tag>
                ),
              },
            ]}
          />
        </>
      ) : (
        <Form layout="vertical">
          <Form.Item label="买家" extra="按昵称、手机号或编号搜索" required>
            <Select
              aria-label="买家"
              mode="multiple"
              labelInValue
              showSearch
              filterOption={false}
              onSearch={setKeyword}
              value={picked}
              onChange={(v: { value: number; label: string }[]) => setPicked(v)}
              notFoundContent={shoppers.isFetching ? <Spin size="small" /> : '没有找到买家'}
              options={(shoppers.data?.rows ?? []).map((s) => ({ value: s.id, label: names.get(s.id)! }))}
              placeholder="搜索买家"
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
