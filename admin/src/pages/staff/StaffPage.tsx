import { PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/api-error';
import { api, fetchData } from '../../api/client';
import type { AdminProfile, AdminRole } from '../../api/models';
import type { ApiBody } from '../../components/api-types';
import { errorText, showFieldErrors } from '../../components/errors';
import { useAuth } from '../../auth/AuthProvider';
import { ALL_ROLES, ROLE_LABELS } from '../../auth/roles';

type UpdateBody = ApiBody<'/api/admin/admin-users/{id}', 'patch'>;

const QUERY_KEY = ['admin-users'];

/** What each role may do (RULES §14), as the API enforces it. */
const ROLE_DUTIES: Record<AdminRole, string> = {
  owner: '全部权限，包括员工账号、角色和店铺设置',
  operator: '商品、分类、运费模板、门店、订单与发货、售后审核、买家管理；不能退款和查看对账',
  finance: '退款、发票、对账、审计日志；不能修改商品和活动',
  service: '查看订单、售后审核与退款（不超过设置的金额）、查看买家（手机号打码）',
};

const roleOptions = ALL_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

export default function StaffPage() {
  const { message } = App.useApp();
  const { admin: me } = useAuth();
  const queryClient = useQueryClient();
  const { data, error, isPending } = useQuery({
    queryKey: QUERY_KEY,
    queryFn: () => fetchData(api.GET('/api/admin/admin-users')),
  });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<{ account: AdminProfile; part: 'profile' | 'password' } | null>(
    null,
  );

  async function update(account: AdminProfile, body: UpdateBody, done: string) {
    try {
      await fetchData(
        api.PATCH('/api/admin/admin-users/{id}', { params: { path: { id: account.id } }, body }),
      );
      message.success(done);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
    }
  }

  return (
    <PageContainer
      title="员工与角色"
      content="员工用自己的账号登录后台，能看到的菜单和能做的操作由角色决定；停用的账号立即无法再操作。"
      extra={[
        <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新建员工账号
        </Button>,
      ]}
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {error && <Alert type="error" showIcon message={error.message} />}
        <Table<AdminProfile>
          rowKey="id"
          loading={isPending}
          pagination={false}
          dataSource={(data ?? []).filter((a) => a.status !== 'deleted')}
          columns={[
            { title: '用户名', dataIndex: 'username' },
            {
              title: '姓名',
              render: (_, a) => (
                <>
                  {a.displayName}
                  {a.id === me?.id && <Tag style={{ marginLeft: 8 }}>我</Tag>}
                </>
              ),
            },
            { title: '角色', render: (_, a) => ROLE_LABELS[a.role] },
            {
              title: '状态',
              render: (_, a) =>
                a.status === 'active' ? <Tag color="green">正常</Tag> : <Tag color="red">已停用</Tag>,
            },
            {
              title: '操作',
              width: 260,
              render: (_, a) =>
                a.id === me?.id ? (
                  <span style={{ color: '#999' }}>不能修改自己的角色和状态</span>
                ) : (
                  <Space size="middle">
                    <a onClick={() => setEditing({ account: a, part: 'profile' })}>修改角色</a>
                    <a onClick={() => setEditing({ account: a, part: 'password' })}>重置密码</a>
                    {a.status === 'active' ? (
                      <Popconfirm
                        title={`停用「${a.displayName}」的账号？`}
                        description="停用后该员工立即无法登录和操作后台。"
                        okText="停用"
                        okButtonProps={{ danger: true }}
                        cancelText="取消"
                        onConfirm={() => update(a, { status: 'frozen' }, `已停用「${a.displayName}」`)}
                      >
                        <a style={{ color: '#ff4d4f' }}>停用</a>
                      </Popconfirm>
                    ) : (
                      <a onClick={() => update(a, { status: 'active' }, `已启用「${a.displayName}」`)}>
                        启用
                      </a>
                    )}
                  </Space>
                ),
            },
          ]}
        />
        <Card title="角色说明" size="small">
          <Table
            rowKey="role"
            size="small"
            pagination={false}
            dataSource={ALL_ROLES.map((role) => ({ role }))}
            columns={[
              { title: '角色', width: 100, render: (_, r) => ROLE_LABELS[r.role] },
              { title: '权限', render: (_, r) => ROLE_DUTIES[r.role] },
            ]}
          />
        </Card>
      </Space>
      {creating && (
        <CreateModal
          onClose={(created) => {
            setCreating(false);
            if (created) void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
          }}
        />
      )}
      {editing && (
        <EditModal
          account={editing.account}
          part={editing.part}
          onClose={(saved) => {
            setEditing(null);
            if (saved) void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
          }}
        />
      )}
    </PageContainer>
  );
}

const passwordRules = [
  { required: true, message: '请填写密码' },
  { min: 8, message: '至少 8 位' },
  { max: 128, message: '最多 128 位' },
];

interface CreateForm {
  username: string;
  displayName: string;
  password: string;
  confirm: string;
  role: AdminRole;
}

function CreateModal({ onClose }: { onClose(created: boolean): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const [saving, setSaving] = useState(false);

  async function submit() {
    const { username, displayName, password, role } = await form.validateFields();
    setSaving(true);
    try {
      await fetchData(
        api.POST('/api/admin/admin-users', {
          body: { username, displayName: displayName.trim(), password, role },
        }),
      );
      message.success(`已创建员工账号 ${username}`);
      onClose(true);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        form.setFields([{ name: 'username', errors: ['用户名已被使用'] }]);
      } else if (!showFieldErrors(form, e)) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      title="新建员工账号"
      open
      okText="创建"
      confirmLoading={saving}
      onOk={submit}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Form<CreateForm> form={form} layout="vertical" initialValues={{ role: 'operator' }}>
        <Form.Item
          name="username"
          label="登录用户名"
          rules={[
            { required: true, message: '请填写用户名' },
            { pattern: /^[a-z0-9_.-]{3,32}$/, message: '3–32 位小写字母、数字或 _ . -' },
          ]}
        >
          <Input autoComplete="off" placeholder="如 wang.xiaoming" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label="姓名"
          rules={[
            { required: true, whitespace: true, message: '请填写姓名' },
            { max: 32, message: '最多 32 个字' },
          ]}
        >
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="role" label="角色" rules={[{ required: true }]}>
          <Select options={roleOptions} />
        </Form.Item>
        <Form.Item name="password" label="初始密码" rules={passwordRules}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认密码"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入密码' },
            ({ getFieldValue }) => ({
              validator: async (_, value) => {
                if (value && value !== getFieldValue('password')) throw new Error('两次输入的密码不一致');
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EditForm {
  displayName: string;
  role: AdminRole;
  password: string;
}

function EditModal({
  account,
  part,
  onClose,
}: {
  account: AdminProfile;
  part: 'profile' | 'password';
  onClose(saved: boolean): void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<EditForm>();
  const [saving, setSaving] = useState(false);

  async function submit() {
    const values = await form.validateFields();
    const body: UpdateBody =
      part === 'password'
        ? { password: values.password }
        : {
            ...(values.displayName.trim() !== account.displayName
              ? { displayName: values.displayName.trim() }
              : {}),
            ...(values.role !== account.role ? { role: values.role } : {}),
          };
    if (Object.keys(body).length === 0) {
      onClose(false);
      return;
    }
    setSaving(true);
    try {
      await fetchData(
        api.PATCH('/api/admin/admin-users/{id}', { params: { path: { id: account.id } }, body }),
      );
      message.success(part === 'password' ? '密码已重置' : `已保存「${values.displayName.trim()}」`);
      onClose(true);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      title={part === 'password' ? `重置「${account.displayName}」的密码` : `修改「${account.displayName}」`}
      open
      okText="保存"
      confirmLoading={saving}
      onOk={submit}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Form<EditForm>
        form={form}
        layout="vertical"
        initialValues={{ displayName: account.displayName, role: account.role, password: '' }}
      >
        {part === 'profile' ? (
          <>
            <Form.Item
              name="displayName"
              label="姓名"
              rules={[
                { required: true, whitespace: true, message: '请填写姓名' },
                { max: 32, message: '最多 32 个字' },
              ]}
            >
              <Input maxLength={32} />
            </Form.Item>
            <Form.Item name="role" label="角色" extra="角色变更在该员工下一次操作时立即生效">
              <Select options={roleOptions} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="password" label="新密码" rules={passwordRules}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
