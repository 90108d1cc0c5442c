import { PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Segmented,
  Space,
  Table,
  Tag,
  TimePicker,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, fetchData } from '../../api/client';
import { fetchNoContent } from '../../components/no-content';
import type { ApiData, ApiQuery } from '../../components/api-types';
import { errorText, showFieldErrors } from '../../components/errors';
import { StoreStaffDrawer } from './StoreStaffDrawer';

export type Store = ApiData<'/api/admin/stores', 'get'>[number];
type StoresQuery = ApiQuery<'/api/admin/stores', 'get'>;

/** `09:00–21:00`, `全天营业` when the times are equal, `（次日）` when it closes past midnight. */
export function openingHours(store: Pick<Store, 'opensAt' | 'closesAt'>): string {
  if (store.opensAt === store.closesAt) return '全天营业';
  return store.closesAt < store.opensAt
    ? `${store.opensAt}–次日 ${store.closesAt}`
    : `${store.opensAt}–${store.closesAt}`;
}

const QUERY_KEY = ['admin-stores'];

export default function StoresPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<'all' | Store['status']>('all');
  const query: StoresQuery = status === 'all' ? {} : { status };
  const { data, error, isPending } = useQuery({
    queryKey: [...QUERY_KEY, status],
    queryFn: () => fetchData(api.GET('/api/admin/stores', { params: { query } })),
  });
  const [editing, setEditing] = useState<{ store?: Store } | null>(null);
  const [staffOf, setStaffOf] = useState<Store | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: QUERY_KEY });

  async function setStoreStatus(store: Store, next: Store['status']) {
    try {
      await fetchData(
        api.PATCH('/api/admin/stores/{id}', { params: { path: { id: store.id } }, body: { status: next } }),
      );
      message.success(next === 'active' ? `「${store.name}」已恢复营业` : `「${store.name}」已暂停营业`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      void refresh();
    }
  }

  async function remove(store: Store) {
    try {
      await fetchNoContent(api.DELETE('/api/admin/stores/{id}', { params: { path: { id: store.id } } }));
      message.success(`已删除「${store.name}」`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      void refresh();
    }
  }

  return (
    <PageContainer
      title="门店"
      content="门店用于到店服务的核销；店员是绑定到门店的小程序用户，在小程序中切换为店员身份核销。"
      extra={[
        <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
          新建门店
        </Button>,
      ]}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={[
            { value: 'all', label: '全部' },
            { value: 'active', label: '营业中' },
            { value: 'suspended', label: '已暂停' },
          ]}
        />
        {error && <Alert type="error" showIcon message={error.message} />}
        <Table<Store>
          rowKey="id"
          loading={isPending}
          pagination={false}
          dataSource={data ?? []}
          columns={[
            { title: '门店', dataIndex: 'name' },
            { title: '地址', dataIndex: 'address', ellipsis: true },
            { title: '电话', dataIndex: 'phone' },
            { title: '营业时间', render: (_, s) => openingHours(s) },
            {
              title: '状态',
              render: (_, s) =>
                s.status === 'active' ? <Tag color="green">营业中</Tag> : <Tag color="orange">已暂停</Tag>,
            },
            {
              title: '操作',
              width: 280,
              render: (_, s) => (
                <Space size="middle">
                  <a onClick={() => setEditing({ store: s })}>编辑</a>
                  <a onClick={() => setStaffOf(s)}>店员</a>
                  {s.status === 'active' ? (
                    <Popconfirm
                      title={`暂停「${s.name}」营业？`}
                      description="暂停后小程序不再显示该门店，其店员立即无法核销。"
                      okText="暂停营业"
                      okButtonProps={{ danger: true }}
                      cancelText="取消"
                      onConfirm={() => setStoreStatus(s, 'suspended')}
                    >
                      <a>暂停营业</a>
                    </Popconfirm>
                  ) : (
                    <a onClick={() => setStoreStatus(s, 'active')}>恢复营业</a>
                  )}
                  <Popconfirm
                    title={`删除门店「${s.name}」？`}
                    description="删除后门店从列表和小程序中消失，其店员失去该门店的权限；历史核销记录保留。此操作不能撤销。"
                    okText="删除"
                    okButtonProps={{ danger: true }}
                    cancelText="取消"
                    onConfirm={() => remove(s)}
                  >
                    <a style={{ color: '#ff4d4f' }}>删除</a>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Space>
      {editing && (
        <StoreModal
          store={editing.store}
          onClose={(saved) => {
            setEditing(null);
            if (saved) void refresh();
          }}
        />
      )}
      {staffOf && <StoreStaffDrawer store={staffOf} onClose={() => setStaffOf(null)} />}
    </PageContainer>
  );
}

interface StoreForm {
  name: string;
  address: string;
  phone: string;
  opensAt: Dayjs;
  closesAt: Dayjs;
}

const clock = (time: string) => dayjs(`2000-01-01T${time}`);

function StoreModal({ store, onClose }: { store?: Store; onClose(saved: boolean): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<StoreForm>();
  const [saving, setSaving] = useState(false);

  async function submit() {
    const values = await form.validateFields();
    const body = {
      name: values.name.trim(),
      address: values.address.trim(),
      phone: values.phone.trim(),
      opensAt: values.opensAt.format('HH:mm'),
      closesAt: values.closesAt.format('HH:mm'),
    };
    setSaving(true);
    try {
      if (store) {
        await fetchData(api.PATCH('/api/admin/stores/{id}', { params: { path: { id: store.id } }, body }));
      } else {
        await fetchData(api.POST('/api/admin/stores', { body }));
      }
      message.success(`已保存「${body.name}」`);
      onClose(true);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      title={store ? `编辑门店「${store.name}」` : '新建门店'}
      open
      okText="保存"
      confirmLoading={saving}
      onOk={submit}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Form<StoreForm>
        form={form}
        layout="vertical"
        initialValues={{
          name: store?.name ?? '',
          address: store?.address ?? '',
          phone: store?.phone ?? '',
          opensAt: clock(store?.opensAt ?? '09:00'),
          closesAt: clock(store?.closesAt ?? '21:00'),
        }}
      >
        <Form.Item
          name="name"
          label="门店名称"
          rules={[
            { required: true, whitespace: true, message: '请填写门店名称' },
            { max: 64, message: '最多 64 个字' },
          ]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          name="address"
          label="地址"
          rules={[
            { required: true, whitespace: true, message: '请填写地址' },
            { min: 2, message: '至少 2 个字' },
            { max: 200, message: '最多 200 个字' },
          ]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="phone"
          label="电话"
          rules={[
            { required: true, message: '请填写电话' },
            { pattern: /^[0-9+\-() ]{5,20}$/, message: '5–20 位数字，可含 + - ( ) 和空格' },
          ]}
        >
          <Input placeholder="如 021-5555 1234" />
        </Form.Item>
        <Space size="large">
          <Form.Item name="opensAt" label="开门时间" rules={[{ required: true, message: '请选择时间' }]}>
            <TimePicker format="HH:mm" allowClear={false} />
          </Form.Item>
          <Form.Item
            name="closesAt"
            label="关门时间"
            extra="早于开门时间表示营业到次日；与开门时间相同表示全天营业"
            rules={[{ required: true, message: '请选择时间' }]}
          >
            <TimePicker format="HH:mm" allowClear={false} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
