import { DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Space, Table } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../api/api-error';
import { api, fetchData } from '../../../api/client';
import { errorText } from '../../../components/errors';
import { formatShopTime } from '../../../lib/shop-time';
import type { CodeBatch, CouponTemplate } from './types';

/**
 * The codes of a batch as the backend's CSV. The route needs the Bearer token, so it is fetched and saved
 * through an object URL rather than opened as a plain link.
 */
async function downloadCodes(batch: CodeBatch): Promise<void> {
  const { data, error, response } = await api.GET('/api/admin/coupon-code-batches/{id}/codes.csv', {
    params: { path: { id: batch.id } },
    parseAs: 'blob',
  });
  if (!response.ok || !(data instanceof Blob)) throw ApiError.fromResponse(response.status, error);
  const name = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1];
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = name ?? `codes-${batch.id}.csv`;
  link.click();
  URL.revokeObjectURL(url);
}

/** 兑换码: the template's code batches; owners and operators generate batches and download their codes. */
export function CodeBatchesDrawer({
  template,
  canWrite,
  onClose,
}: {
  template: CouponTemplate | null;
  canWrite: boolean;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ quantity: number; name: string }>();
  const [making, setMaking] = useState(false);
  const queryKey = ['marketing', 'code-batches', template?.id];
  const batches = useQuery({
    queryKey,
    queryFn: () =>
      fetchData(
        api.GET('/api/admin/coupon-templates/{id}/code-batches', { params: { path: { id: template!.id } } }),
      ),
    enabled: template !== null,
  });
  const allowed = template?.channels.includes('redemption_code') ?? false;

  async function make(values: { quantity: number; name?: string }) {
    if (!template) return;
    setMaking(true);
    try {
      const batch = await fetchData(
        api.POST('/api/admin/coupon-templates/{id}/code-batches', {
          params: { path: { id: template.id } },
          body: { quantity: values.quantity, name: values.name?.trim() ?? '' },
        }),
      );
      message.success(`已生成 ${batch.quantity} 个兑换码`);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setMaking(false);
    }
  }

  return (
    <Drawer
      title={template ? `兑换码：${template.name}` : ''}
      width={640}
      open={template !== null}
      onClose={onClose}
    >
      {template && !allowed && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message="这个模板的渠道里没有“兑换码”，不能生成兑换码；编辑模板加上这个渠道即可。"
        />
      )}
      {template && allowed && canWrite && (
        <Form
          form={form}
          layout="inline"
          onFinish={make}
          style={{ marginBottom: 16 }}
          initialValues={{ quantity: 100 }}
        >
          <Form.Item name="quantity" label="数量" rules={[{ required: true, message: '请填写数量' }]}>
            <InputNumber min={1} max={10000} precision={0} />
          </Form.Item>
          <Form.Item name="name" label="批次名称">
            <Input maxLength={64} placeholder="可不填" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={making}>
            生成兑换码
          </Button>
        </Form>
      )}
      {batches.isError && <Alert type="error" showIcon message={errorText(batches.error)} />}
      <Table<CodeBatch>
        size="small"
        rowKey="id"
        loading={batches.isLoading}
        pagination={false}
        dataSource={batches.data ?? []}
        locale={{ emptyText: '还没有兑换码批次' }}
        columns={[
          { title: '批次', dataIndex: 'name' },
          { title: '数量', dataIndex: 'quantity', align: 'right' },
          { title: '已兑换', dataIndex: 'redeemedCount', align: 'right' },
          { title: '生成时间', render: (_, b) => formatShopTime(b.createdAt) },
          ...(canWrite
            ? [
                {
                  title: '操作',
                  render: (_: unknown, b: CodeBatch) => (
                    <Space>
                      <Button
                        size="small"
                        icon={<DownloadOutlined />}
                        onClick={() => downloadCodes(b).catch((e: unknown) => message.error(errorText(e)))}
                      >
                        下载 CSV
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Drawer>
  );
}
