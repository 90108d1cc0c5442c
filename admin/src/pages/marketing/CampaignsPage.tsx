import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, fetchData, fetchPage } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { errorText } from '../../components/errors';
import { formatShopTime } from '../../lib/shop-time';
import { fetchNoContent } from '../../components/no-content';
import { isBusinessRule, useTools } from './api';
import { CampaignStatsDrawer } from './CampaignStatsDrawer';
import {
  CAMPAIGN_WRITERS,
  PHASE_LABELS,
  STATUS_LABELS,
  type Campaign,
  type CampaignQuery,
  type CampaignStatus,
  type Phase,
} from './types';

interface SearchParams {
  current?: number;
  pageSize?: number;
  kind?: string;
  status?: CampaignStatus;
  phase?: Phase;
}

const windowText = (c: Campaign) => {
  if (!c.startsAt && !c.endsAt) return '长期有效';
  return `${c.startsAt ? formatShopTime(c.startsAt) : '不限'} ~ ${c.endsAt ? formatShopTime(c.endsAt) : '不限'}`;
};

/** 营销活动: every automatic tool's campaigns in one list (RULES §2 stacking fields live on each). */
export default function CampaignsPage() {
  const { message, modal } = App.useApp();
  const { admin } = useAuth();
  const canWrite = !!admin && CAMPAIGN_WRITERS.includes(admin.role);
  const navigate = useNavigate();
  const table = useRef<ActionType>(null);
  const tools = useTools();
  const [statsOf, setStatsOf] = useState<Campaign | null>(null);

  async function setEnabled(c: Campaign, enabled: boolean) {
    try {
      const path = { params: { path: { id: c.id } } };
      await fetchData(
        enabled
          ? api.POST('/api/admin/campaigns/{id}/enable', path)
          : api.POST('/api/admin/campaigns/{id}/disable', path),
      );
      message.success(enabled ? `「${c.name}」已启用` : `「${c.name}」已停用`);
      table.current?.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  async function remove(c: Campaign) {
    try {
      await fetchNoContent(api.DELETE('/api/admin/campaigns/{id}', { params: { path: { id: c.id } } }));
      message.success(`已删除「${c.name}」`);
      table.current?.reload();
    } catch (e) {
      if (!isBusinessRule(e, 'campaign_used')) return message.error(errorText(e));
      // its orders name it: it stays, and can only be switched off
      if (c.status === 'disabled') {
        modal.info({
          title: '已有订单使用，请停用',
          content: `「${c.name}」已被订单使用，不能删除；它已经是停用状态。`,
        });
        return;
      }
      modal.confirm({
        title: '已有订单使用，请停用',
        content: `「${c.name}」已被订单使用，不能删除。停用后新订单不再享受此活动，已下的订单不受影响。`,
        okText: '停用活动',
        cancelText: '取消',
        onOk: () => setEnabled(c, false),
      });
    }
  }

  const kindEnum = Object.fromEntries((tools.data ?? []).map((t) => [t.kind, { text: t.title }]));

  const columns: ProColumns<Campaign>[] = [
    {
      title: '活动名称',
      dataIndex: 'name',
      hideInSearch: true,
      ellipsis: true,
      width: 220,
      fixed: 'left',
      render: (_, c) =>
        canWrite ? <Link to={`/campaigns/${c.id}/edit`}>{c.name}</Link> : <span>{c.name}</span>,
    },
    {
      title: '工具',
      dataIndex: 'kind',
      valueType: 'select',
      valueEnum: kindEnum,
      width: 110,
      render: (_, c) => <Tag color="purple">{c.toolTitle}</Tag>,
    },
    {
      title: '状态',
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: { enabled: { text: '已启用' }, disabled: { text: '已停用' } },
      width: 90,
      render: (_, c) => <Tag color={STATUS_LABELS[c.status].color}>{STATUS_LABELS[c.status].text}</Tag>,
    },
    {
      title: '阶段',
      dataIndex: 'phase',
      valueType: 'select',
      valueEnum: { running: { text: '进行中' }, upcoming: { text: '未开始' }, ended: { text: '已结束' } },
      width: 90,
      render: (_, c) => <Tag color={PHASE_LABELS[c.phase].color}>{PHASE_LABELS[c.phase].text}</Tag>,
    },
    { title: '活动时间（店铺时间）', hideInSearch: true, width: 320, render: (_, c) => windowText(c) },
    {
      // the API counts uses only against a total limit (no counter row for unlimited campaigns)
      title: '总次数',
      hideInSearch: true,
      align: 'right',
      width: 110,
      render: (_, c) => (c.totalLimit === null ? '不限' : `已用 ${c.usedCount} / ${c.totalLimit}`),
    },
    {
      title: '叠加',
      hideInSearch: true,
      width: 130,
      render: (_, c) => (
        <Space size={4}>
          <Typography.Text type="secondary">{c.stackGroup}</Typography.Text>
          {c.exclusive && <Tag color="orange">互斥</Tag>}
        </Space>
      ),
    },
    {
      title: '操作',
      valueType: 'option',
      width: 200,
      fixed: 'right',
      render: (_, c) => [
        <a key="stats" onClick={() => setStatsOf(c)}>
          数据
        </a>,
        ...(canWrite
          ? [
              <Link key="edit" to={`/campaigns/${c.id}/edit`}>
                编辑
              </Link>,
              c.status === 'enabled' ? (
                <Popconfirm
                  key="disable"
                  title={`停用「${c.name}」？`}
                  description="停用后新订单不再享受此活动。"
                  okText="停用"
                  cancelText="取消"
                  onConfirm={() => setEnabled(c, false)}
                >
                  <a>停用</a>
                </Popconfirm>
              ) : (
                <a key="enable" onClick={() => setEnabled(c, true)}>
                  启用
                </a>
              ),
              <Popconfirm
                key="delete"
                title={`删除「${c.name}」？`}
                description="删除后不能恢复；已被订单使用的活动不能删除，只能停用。"
                okText="删除"
                okButtonProps={{ danger: true }}
                cancelText="取消"
                onConfirm={() => remove(c)}
              >
                <a style={{ color: '#ff4d4f' }}>删除</a>
              </Popconfirm>,
            ]
          : []),
      ],
    },
  ];

  return (
    <PageContainer
      title="营销活动"
      content="满减、买N送M、满赠、满包邮、阶梯价、会员日：所有自动促销在这里统一管理。"
    >
      <ProTable<Campaign, SearchParams>
        rowKey="id"
        actionRef={table}
        scroll={{ x: 1360 }}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        options={{ density: false, setting: false }}
        toolBarRender={() =>
          canWrite
            ? [
                <Button
                  key="new"
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => navigate('/campaigns/new')}
                >
                  新建活动
                </Button>,
              ]
            : []
        }
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        request={async (params) => {
          const query: CampaignQuery = { page: params.current ?? 1, pageSize: params.pageSize ?? 20 };
          if (params.kind) query.kind = params.kind;
          if (params.status) query.status = params.status;
          if (params.phase) query.phase = params.phase;
          try {
            const { rows, meta } = await fetchPage(api.GET('/api/admin/campaigns', { params: { query } }));
            return { data: rows, total: meta.total, success: true };
          } catch (e) {
            message.error(errorText(e));
            return { data: [], total: 0, success: false };
          }
        }}
      />
      <CampaignStatsDrawer campaign={statsOf} onClose={() => setStatsOf(null)} />
    </PageContainer>
  );
}
