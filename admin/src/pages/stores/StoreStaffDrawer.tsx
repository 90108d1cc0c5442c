import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/api-error';
import { api, fetchData, fetchPage } from '../../api/client';
import { fetchNoContent } from '../../components/no-content';
import type { ApiData } from '../../components/api-types';
import { errorText, showFieldErrors } from '../../components/errors';
import type { Store } from './StoresPage';

type Binding = ApiData<'/api/admin/stores/{id}/staff', 'get'>[number];

interface BindForm {
  shopperId: number;
  name: string;
}

/** A store's staff: bind a shopper of the mini-program, rename, enable or disable, unbind. */
export function StoreStaffDrawer({ store, onClose }: { store: Store; onClose(): void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const queryKey = ['admin-store-staff', store.id];
  const { data, error, isPending } = useQuery({
    queryKey,
    queryFn: () => fetchData(api.GET('/api/admin/stores/{id}/staff', { params: { path: { id: store.id } } })),
  });
  const [form] = Form.useForm<BindForm>();
  const [binding, setBinding] = useState(false);
  const [search, setSearch] = useState('');
  const shoppers = useQuery({
    queryKey: ['admin-shopper-search', search],
    queryFn: () =>
      fetchPage(
        api.GET('/api/admin/shoppers', { params: { query: { q: search, status: 'active', pageSize: 10 } } }),
      ),
    enabled: search.trim().length > 0,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey });

  async function bind() {
    const values = await form.validateFields();
    setBinding(true);
    try {
      await fetchData(
        api.POST('/api/admin/stores/{id}/staff', {
          params: { path: { id: store.id } },
          body: { shopperId: values.shopperId, name: values.name.trim() },
        }),
      );
      message.success(`已添加店员 ${values.name.trim()}`);
      form.resetFields();
      void refresh();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        form.setFields([{ name: 'shopperId', errors: ['该用户已是本店店员'] }]);
      } else if (!showFieldErrors(form, e)) message.error(errorText(e));
    } finally {
      setBinding(false);
    }
  }

  async function update(b: Binding, body: { name?: string; status?: Binding['status'] }, done: string) {
    try {
      await fetchData(api.PATCH('/api/admin/store-staff/{id}', { params: { path: { id: b.id } }, body }));
      message.success(done);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      void refresh();
    }
  }

  async function unbind(b: Binding) {
    try {
      await fetchNoContent(api.DELETE('/api/admin/store-staff/{id}', { params: { path: { id: b.id } } }));
      message.success(`已解除 ${b.name} 的店员身份`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      void refresh();
    }
  }

  return (
    <Drawer title={`店员 · ${store.name}`} open width={720} onClose={onClose}>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        {error && <Alert type="error" showIcon message={error.message} />}
        <Form<BindForm> form={form} layout="inline">
          <Form.Item name="shopperId" rules={[{ required: true, message: '请选择用户' }]}>
            <Select
              showSearch
              aria-label="店员的小程序用户"
              placeholder="搜索买家 ID、手机号或昵称"
              style={{ width: 260 }}
              filterOption={false}
              onSearch={setSearch}
              loading={shoppers.isFetching}
              notFoundContent={search ? '没有找到用户' : '输入以搜索'}
              options={(shoppers.data?.rows ?? []).map((s) => ({
                value: s.id,
                label: `${s.nickname}（ID ${s.id}${s.phone ? `，${s.phone}` : ''}）`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="name"
            rules={[
              { required: true, whitespace: true, message: '请填写店员姓名' },
              { max: 32, message: '最多 32 个字' },
            ]}
          >
            <Input aria-label="店员姓名" placeholder="店员姓名" maxLength={32} />
          </Form.Item>
          <Button type="primary" loading={binding} onClick={bind}>
            添加店员
          </Button>
        </Form>
        <Table<Binding>
          rowKey="id"
          size="small"
          loading={isPending}
          pagination={false}
          dataSource={data ?? []}
          locale={{ emptyText: '还没有店员' }}
          columns={[
            { title: '姓名', dataIndex: 'name' },
            { title: '买家 ID', dataIndex: 'shopperId' },
            {
              title: '状态',
              render: (_, b) => (b.status === 'active' ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>),
            },
            {
              title: '操作',
              width: 220,
              render: (_, b) => (
                <Space size="middle">
                  <RenameLink binding={b} onRename={(name) => update(b, { name }, `已改名为 ${name}`)} />
                  {b.status === 'active' ? (
                    <Popconfirm
                      title={`停用 ${b.name}？`}
                      description="停用后该店员立即无法在本店核销。"
                      okText="停用"
                      okButtonProps={{ danger: true }}
                      cancelText="取消"
                      onConfirm={() => update(b, { status: 'disabled' }, `已停用 ${b.name}`)}
                    >
                      <a>停用</a>
                    </Popconfirm>
                  ) : (
                    <a onClick={() => update(b, { status: 'active' }, `已启用 ${b.name}`)}>启用</a>
                  )}
                  <Popconfirm
                    title={`解除 ${b.name} 的店员身份？`}
                    description="解除后该用户不再是本店店员，可以重新添加。"
                    okText="解除"
                    okButtonProps={{ danger: true }}
                    cancelText="取消"
                    onConfirm={() => unbind(b)}
                  >
                    <a style={{ color: '#ff4d4f' }}>解除</a>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Space>
    </Drawer>
  );
}

function RenameLink({ binding, onRename }: { binding: Binding; onRename(name: string): void }) {
  const [name, setName] = useState(binding.name);
  return (
    <Popconfirm
      title="修改店员姓名"
      description={
        <Input
          aria-label="新姓名"
          maxLength={32}
          value={name}
          onChange={(e) => setName(e.target.value)}
          style={{ width: 200 }}
        />
      }
      okText="保存"
      cancelText="取消"
      okButtonProps={{ disabled: !name.trim() || name.trim() === binding.name }}
      onConfirm={() => onRename(name.trim())}
      onOpenChange={(open) => open && setName(binding.name)}
    >
      <a>改名</a>
    </Popconfirm>
  );
}
