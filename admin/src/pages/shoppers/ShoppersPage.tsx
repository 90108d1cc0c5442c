import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Avatar, Descriptions, Drawer, Form, Input, Modal, Space, Table, Tag } from 'antd';
import { useRef, useState } from 'react';
import { api, fetchData, fetchPage } from '../../api/client';
import type { ApiData, ApiQuery } from '../../components/api-types';
import { errorText, showFieldErrors } from '../../components/errors';
import { useAuth } from '../../auth/AuthProvider';
import { formatShopTime } from '../../lib/shop-time';

type Shopper = ApiData<'/api/admin/shoppers', 'get'>[number];
type ShopperDetail = ApiData<'/api/admin/shoppers/{id}', 'get'>;
type ShoppersQuery = ApiQuery<'/api/admin/shoppers', 'get'>;

const STATUS: Record<Shopper['status'], { text: string; color: string }> = {
  active: { text: '正常', color: 'green' },
  frozen: { text: '已冻结', color: 'red' },
  deleted: { text: '已注销', color: 'default' },
};
const FREEZE_ROLES = ['owner', 'operator'];

interface SearchParams {
  current?: number;
  pageSize?: number;
  q?: string;
  status?: Shopper['status'];
}

export default function ShoppersPage() {
  const { message } = App.useApp();
  const { admin } = useAuth();
  const table = useRef<ActionType>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const [freezing, setFreezing] = useState<{ shopper: Shopper; freeze: boolean } | null>(null);
  const canFreeze = !!admin && FREEZE_ROLES.includes(admin.role);

  const columns: ProColumns<Shopper>[] = [
    {
      title: '搜索',
      dataIndex: 'q',
      hideInTable: true,
      fieldProps: { placeholder: '买家 ID、手机号或昵称' },
    },
    { title: 'ID', dataIndex: 'id', hideInSearch: true, width: 80 },
    {
      title: '买家',
      hideInSearch: true,
      render: (_, s) => (
        <Space>
          <Avatar size="small" src={s.avatarUrl ?? undefined}>
            {s.nickname.slice(0, 1)}
          </Avatar>
          {s.nickname}
        </Space>
      ),
    },
    { title: '手机号', hideInSearch: true, render: (_, s) => s.phone ?? '未绑定' },
    {
      title: '状态',
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [k, { text: v.text }])),
      render: (_, s) => <Tag color={STATUS[s.status].color}>{STATUS[s.status].text}</Tag>,
    },
    {
      title: '隐私指引',
      hideInSearch: true,
      render: (_, s) => (s.privacyAccepted ? '已同意' : '未同意'),
    },
    { title: '注册时间', hideInSearch: true, render: (_, s) => formatShopTime(s.createdAt) },
    {
      title: '最近登录',
      hideInSearch: true,
      render: (_, s) => (s.lastLoginAt ? formatShopTime(s.lastLoginAt) : '-'),
    },
    {
      title: '操作',
      valueType: 'option',
      width: 120,
      render: (_, s) => [
        <a key="view" onClick={() => setViewing(s.id)}>
          详情
        </a>,
        canFreeze && s.status === 'active' && (
          <a
            key="freeze"
            style={{ color: '#ff4d4f' }}
            onClick={() => setFreezing({ shopper: s, freeze: true })}
          >
            冻结
          </a>
        ),
        canFreeze && s.status === 'frozen' && (
          <a key="unfreeze" onClick={() => setFreezing({ shopper: s, freeze: false })}>
            解冻
          </a>
        ),
      ],
    },
  ];

  return (
    <PageContainer title="买家">
      <ProTable<Shopper, SearchParams>
        rowKey="id"
        actionRef={table}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        options={{ density: false, setting: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        request={async (params) => {
          const query: ShoppersQuery = { page: params.current ?? 1, pageSize: params.pageSize ?? 20 };
          if (params.q?.trim()) query.q = params.q.trim();
          if (params.status) query.status = params.status;
          try {
            const { rows, meta } = await fetchPage(api.GET('/api/admin/shoppers', { params: { query } }));
            return { data: rows, total: meta.total, success: true };
          } catch (e) {
            message.error(errorText(e));
            return { data: [], total: 0, success: false };
          }
        }}
      />
      {viewing !== null && <ShopperDrawer id={viewing} onClose={() => setViewing(null)} />}
      {freezing && (
        <FreezeModal
          shopper={freezing.shopper}
          freeze={freezing.freeze}
          onClose={(done) => {
            setFreezing(null);
            if (done) table.current?.reload();
          }}
        />
      )}
    </PageContainer>
  );
}

function ShopperDrawer({ id, onClose }: { id: number; onClose(): void }) {
  const { data, error } = useQuery({
    queryKey: ['admin-shopper', id],
    queryFn: () => fetchData(api.GET('/api/admin/shoppers/{id}', { params: { path: { id } } })),
  });
  return (
    <Drawer
      title={data ? `买家 ${data.nickname}` : '买家详情'}
      open
      width={640}
      onClose={onClose}
      loading={!data && !error}
    >
      {error && <Alert type="error" showIcon message={error.message} />}
      {data && <ShopperDetails shopper={data} />}
    </Drawer>
  );
}

function ShopperDetails({ shopper }: { shopper: ShopperDetail }) {
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label="ID">{shopper.id}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <Tag color={STATUS[shopper.status].color}>{STATUS[shopper.status].text}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label="昵称">{shopper.nickname}</Descriptions.Item>
        <Descriptions.Item label="手机号">{shopper.phone ?? '未绑定'}</Descriptions.Item>
        <Descriptions.Item label="收货地址">{shopper.addressCount} 个</Descriptions.Item>
        <Descriptions.Item label="个性化推荐">
          {shopper.personalizedRecommendations ? '开启' : '已关闭'}
        </Descriptions.Item>
        <Descriptions.Item label="注册时间">{formatShopTime(shopper.createdAt)}</Descriptions.Item>
        <Descriptions.Item label="最近登录">
          {shopper.lastLoginAt ? formatShopTime(shopper.lastLoginAt) : '-'}
        </Descriptions.Item>
        {shopper.deletedAt && (
          <Descriptions.Item label="注销时间" span={2}>
            {formatShopTime(shopper.deletedAt)}
          </Descriptions.Item>
        )}
      </Descriptions>
      <div>
        <h4>隐私指引同意记录</h4>
        <Table
          rowKey={(c) => `${c.version}-${c.acceptedAt}`}
          size="small"
          pagination={false}
          dataSource={shopper.privacyConsents}
          locale={{ emptyText: '尚未同意隐私指引' }}
          columns={[
            { title: '版本', dataIndex: 'version' },
            { title: '同意时间', render: (_, c) => formatShopTime(c.acceptedAt) },
            { title: 'IP', render: (_, c) => c.ip ?? '-' },
          ]}
        />
      </div>
    </Space>
  );
}

function FreezeModal({
  shopper,
  freeze,
  onClose,
}: {
  shopper: Shopper;
  freeze: boolean;
  onClose(done: boolean): void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);

  async function submit() {
    const { reason } = await form.validateFields();
    setSaving(true);
    try {
      const params = { path: { id: shopper.id } };
      const body = { reason: reason.trim() };
      if (freeze) await fetchData(api.POST('/api/admin/shoppers/{id}/freeze', { params, body }));
      else await fetchData(api.POST('/api/admin/shoppers/{id}/unfreeze', { params, body }));
      message.success(freeze ? `已冻结「${shopper.nickname}」` : `已解冻「${shopper.nickname}」`);
      onClose(true);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      title={freeze ? `冻结买家「${shopper.nickname}」？` : `解冻买家「${shopper.nickname}」？`}
      open
      okText={freeze ? '冻结' : '解冻'}
      okButtonProps={{ danger: freeze }}
      confirmLoading={saving}
      onOk={submit}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <p>
        {freeze
          ? '冻结后该买家立即无法登录、下单和使用任何功能，已有订单不受影响。'
          : '解冻后该买家可以重新登录和下单。'}
      </p>
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label="原因（记入审计日志）"
          rules={[
            { required: true, whitespace: true, message: '请填写原因' },
            { max: 200, message: '最多 200 个字' },
          ]}
        >
          <Input.TextArea maxLength={200} autoSize={{ minRows: 2 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
