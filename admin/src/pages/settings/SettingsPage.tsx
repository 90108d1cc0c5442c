import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, fetchData } from '../../api/client';
import type { ApiBody, ApiData } from '../../components/api-types';
import { errorText, showFieldErrors } from '../../components/errors';
import { fenOf, yuanRules } from '../../components/yuan-rules';
import { FullPageSpin } from '../../layout/FullPageSpin';
import { fenToYuan } from '../../lib/money';
// extends dayjs with time zones
import '../../lib/shop-time';

type OrderSettings = ApiData<'/api/admin/order-settings', 'get'>;
type SettingsPatch = ApiBody<'/api/admin/order-settings', 'patch'>;

interface SettingsForm {
  unpaidTimeoutMinutes: number;
  autoReceiveDays: number;
  aftersaleWindowDays: number;
  /** yuan, typed */
  serviceApprovalLimit: string;
}

const QUERY_KEY = ['admin-order-settings'];

/** The fields that differ from what is saved: only those are sent (each change is audited). */
function changes(values: SettingsForm, saved: OrderSettings): SettingsPatch {
  const next: Required<SettingsPatch> = {
    ...values,
    serviceApprovalLimit: fenOf(values.serviceApprovalLimit),
  };
  return Object.fromEntries(
    (Object.keys(next) as (keyof SettingsPatch)[])
      .filter((key) => next[key] !== saved[key])
      .map((key) => [key, next[key]]),
  ) as SettingsPatch;
}

export default function SettingsPage() {
  const { data, error } = useQuery({
    queryKey: QUERY_KEY,
    queryFn: () => fetchData(api.GET('/api/admin/order-settings')),
  });
  if (error) return <Alert type="error" showIcon message={error.message} />;
  if (!data) return <FullPageSpin />;
  return (
    <PageContainer title="设置">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <SettingsCard key={JSON.stringify(data)} saved={data} />
        <Card title="店铺时区" size="small">
          <Descriptions column={1} size="small">
            <Descriptions.Item label="时区">
              {data.timeZone}（UTC{dayjs().tz(data.timeZone).format('Z')}）
            </Descriptions.Item>
            <Descriptions.Item label="店铺当前时间">
              {dayjs().tz(data.timeZone).format('YYYY-MM-DD HH:mm')}
            </Descriptions.Item>
          </Descriptions>
          <p style={{ color: '#888', margin: '8px 0 0' }}>
            后台所有时间按店铺时区显示，与电脑所在时区无关；按天计算的规则（每日限购、秒杀场次、会员日）也按此时区划分。
            时区由部署配置 SHOP_TIMEZONE 决定。
          </p>
        </Card>
      </Space>
    </PageContainer>
  );
}

function SettingsCard({ saved }: { saved: OrderSettings }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SettingsForm>();
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);

  async function save() {
    const values = await form.validateFields();
    const body = changes(values, saved);
    if (Object.keys(body).length === 0) {
      message.info('没有修改');
      return;
    }
    setSaving(true);
    try {
      const next = await fetchData(api.PATCH('/api/admin/order-settings', { body }));
      queryClient.setQueryData(QUERY_KEY, next);
      message.success('设置已保存');
    } catch (e) {
      const leftovers = showFieldErrors(form, e);
      if (!leftovers) message.error(errorText(e));
      else if (leftovers.length) message.error(leftovers.join('；'));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card
      title="订单规则"
      extra={
        <Space>
          <Button disabled={!dirty} onClick={() => form.resetFields()}>
            还原
          </Button>
          <Button type="primary" loading={saving} disabled={!dirty} onClick={save}>
            保存设置
          </Button>
        </Space>
      }
    >
      <Form<SettingsForm>
        form={form}
        layout="horizontal"
        labelCol={{ flex: '180px' }}
        style={{ maxWidth: 720 }}
        initialValues={{ ...saved, serviceApprovalLimit: fenToYuan(saved.serviceApprovalLimit) }}
        onValuesChange={() => setDirty(true)}
      >
        <Form.Item
          name="unpaidTimeoutMinutes"
          label="未付款自动取消"
          extra="下单后超过这段时间仍未付款，订单自动取消并退回库存。只影响之后下的订单。"
          rules={[{ required: true, message: '请填写' }]}
        >
          <InputNumber
            aria-label="未付款自动取消（分钟）"
            min={1}
            max={7 * 24 * 60}
            precision={0}
            addonAfter="分钟"
          />
        </Form.Item>
        <Form.Item
          name="autoReceiveDays"
          label="自动确认收货"
          extra="发货后超过这段时间买家未确认，系统自动确认收货。"
          rules={[{ required: true, message: '请填写' }]}
        >
          <InputNumber aria-label="自动确认收货（天）" min={1} max={60} precision={0} addonAfter="天" />
        </Form.Item>
        <Form.Item
          name="aftersaleWindowDays"
          label="售后期限"
          extra="确认收货后在这段时间内可以申请售后，期满订单完成；0 表示收货后不能再申请。"
          rules={[{ required: true, message: '请填写' }]}
        >
          <InputNumber aria-label="售后期限（天）" min={0} max={90} precision={0} addonAfter="天" />
        </Form.Item>
        <Form.Item
          name="serviceApprovalLimit"
          label="客服审核上限"
          extra="客服角色可以同意和退款的单笔售后金额上限，超过需店主或运营处理。"
          rules={yuanRules({ required: true, label: '金额' })}
        >
          <Input aria-label="客服审核上限（元）" prefix="¥" style={{ width: 200 }} />
        </Form.Item>
      </Form>
    </Card>
  );
}
