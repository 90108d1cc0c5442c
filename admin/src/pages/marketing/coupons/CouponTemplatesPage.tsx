import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Popconfirm, Space, Tag, Tooltip } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../../api/api-error';
import { api, fetchData, fetchPage } from '../../../api/client';
import type { AdminRole } from '../../../api/models';
import { useAuth } from '../../../auth/AuthProvider';
import { errorText } from '../../../components/errors';
import { fetchNoContent } from '../../../components/no-content';
import { CAMPAIGN_WRITERS, STATUS_LABELS } from '../types';
import { CodeBatchesDrawer } from './CodeBatchesDrawer';
import { CouponStatsDrawer } from './CouponStatsDrawer';
import { GrantModal } from './GrantModal';
import { couponFace, validityText } from './template-payload';
import {
  CHANNEL_LABELS,
  KIND_LABELS,
  type Channel,
  type CouponKind,
  type CouponTemplate,
  type TemplatesQuery,
} from './types';

interface SearchParams {
  current?: number;
  pageSize?: number;
  keyword?: string;
  kind?: CouponKind;
  status?: CouponTemplate['status'];
  channel?: Channel;
}

/** Who may read a template's stats (coupon/admin-routes.ts): finance too. */
const STATS_READERS: readonly AdminRole[] = ['owner', 'operator', 'finance'];

const valueEnum = (labels: Record<string, string>): Record<string, { text: string }> =>
  Object.fromEntries(Object.entries(labels).map(([k, text]) => [k, { text }]));

/** 优惠券: templates, with grants, redemption codes and stats from the row. */
export default function CouponTemplatesPage() {
  const { message, modal } = App.useApp();
  const { admin } = useAuth();
  const canWrite = !!admin && CAMPAIGN_WRITERS.includes(admin.role);
  const canStats = !!admin && STATS_READERS.includes(admin.role);
  const navigate = useNavigate();
  const table = useRef<ActionType>(null);
  const [statsOf, setStatsOf] = useState<CouponTemplate | null>(null);
  const [grantOf, setGrantOf] = useState<CouponTemplate | null>(null);
  const [codesOf, setCodesOf] = useState<CouponTemplate | null>(null);

  async function setStatus(t: CouponTemplate, status: CouponTemplate['status']) {
    try {
      await fetchData(
        api.POST('/api/admin/coupon-templates/{id}/status', {
          params: { path: { id: t.id } },
          body: { status },
        }),
      );
      message.success(status === 'enabled' ? `「${t.name}」已启用` : `「${t.name}」已停用，已领的券仍可使用`);
      table.current?.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  async function remove(t: CouponTemplate) {
    try {
      await fetchNoContent(
        api.DELETE('/api/admin/coupon-templates/{id}', { params: { path: { id: t.id } } }),
      );
      message.success(`已删除「${t.name}」`);
      table.current?.reload();
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'CONFLICT')) return message.error(errorText(e));
      if (t.status === 'disabled') {
        modal.info({ title: '已发放过或已生成兑换码，不能删除', content: `「${t.name}」已经是停用状态。` });
        return;
      }
      modal.confirm({
        title: '已发放过或已生成兑换码，请停用',
        content: `「${t.name}」不能删除。停用后不再发放，买家已领的券仍可使用。`,
        okText: '停用',
        cancelText: '取消',
        onOk: () => setStatus(t, 'disabled'),
      });
    }
  }

  const columns: ProColumns<CouponTemplate>[] = [
    { title: '名称', dataIndex: 'keyword', hideInTable: true, fieldProps: { placeholder: '按名称搜索' } },
    {
      title: '名称',
      dataIndex: 'name',
      hideInSearch: true,
      ellipsis: true,
      width: 200,
      fixed: 'left',
      render: (_, t) => (canWrite ? <Link to={`/coupons/${t.id}/edit`}>{t.name}</Link> : t.name),
    },
    {
      title: '类型',
      dataIndex: 'kind',
      valueType: 'select',
      valueEnum: valueEnum(KIND_LABELS),
      width: 90,
      render: (_, t) => <Tag color="magenta">{KIND_LABELS[t.kind]}</Tag>,
    },
    { title: '优惠', hideInSearch: true, width: 200, render: (_, t) => couponFace(t) },
    { title: '有效期（店铺时间）', hideInSearch: true, width: 300, render: (_, t) => validityText(t) },
    {
      title: '已发 / 总量',
      hideInSearch: true,
      align: 'right',
      width: 110,
      render: (_, t) => `${t.issuedCount} / ${t.totalQuantity ?? '不限'}`,
    },
    {
      title: '渠道',
      dataIndex: 'channel',
      valueType: 'select',
      valueEnum: valueEnum(CHANNEL_LABELS),
      width: 200,
      render: (_, t) => (
        <Space size={[0, 4]} wrap>
          {t.channels.map((c) => (
            <Tag key={c}>{CHANNEL_LABELS[c]}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: { enabled: { text: '已启用' }, disabled: { text: '已停用' } },
      width: 90,
      render: (_, t) => <Tag color={STATUS_LABELS[t.status].color}>{STATUS_LABELS[t.status].text}</Tag>,
    },
    {
      title: '操作',
      valueType: 'option',
      width: 280,
      fixed: 'right',
      render: (_, t) => {
        const canGrant = t.channels.includes('merchant_grant');
        return [
          ...(canStats
            ? [
                <a key="stats" onClick={() => setStatsOf(t)}>
                  数据
                </a>,
              ]
            : []),
          <a key="codes" onClick={() => setCodesOf(t)}>
            兑换码
          </a>,
          ...(canWrite
            ? [
                <Link key="edit" to={`/coupons/${t.id}/edit`}>
                  编辑
                </Link>,
                canGrant ? (
                  <a key="grant" onClick={() => setGrantOf(t)}>
                    发放
                  </a>
                ) : (
                  <Tooltip key="grant" title="渠道里没有“商家发放”，请先编辑模板">
                    <span style={{ color: 'rgba(0,0,0,0.25)', cursor: 'not-allowed' }}>发放</span>
                  </Tooltip>
                ),
                t.status === 'enabled' ? (
                  <Popconfirm
                    key="disable"
                    title={`停用「${t.name}」？`}
                    description="停用后不再发放，买家已领的券仍可使用。"
                    okText="停用"
                    cancelText="取消"
                    onConfirm={() => setStatus(t, 'disabled')}
                  >
                    <a>停用</a>
                  </Popconfirm>
                ) : (
                  <a key="enable" onClick={() => setStatus(t, 'enabled')}>
                    启用
                  </a>
                ),
                <Popconfirm
                  key="delete"
                  title={`删除「${t.name}」？`}
                  description="只有没发放过、没生成兑换码的模板能删除。"
                  okText="删除"
                  okButtonProps={{ danger: true }}
                  cancelText="取消"
                  onConfirm={() => remove(t)}
                >
                  <a style={{ color: '#ff4d4f' }}>删除</a>
                </Popconfirm>,
              ]
            : []),
        ];
      },
    },
  ];

  return (
    <PageContainer title="优惠券" content="优惠券模板：领券中心、新人礼包、商家发放和兑换码都从模板发券。">
      <ProTable<CouponTemplate, SearchParams>
        rowKey="id"
        actionRef={table}
        columns={columns}
        scroll={{ x: 1500 }}
        search={{ labelWidth: 'auto' }}
        options={{ density: false, setting: false }}
        toolBarRender={() =>
          canWrite
            ? [
                <Button
                  key="new"
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => navigate('/coupons/new')}
                >
                  新建优惠券
                </Button>,
              ]
            : []
        }
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        request={async (params) => {
          const query: TemplatesQuery = { page: params.current ?? 1, pageSize: params.pageSize ?? 20 };
          if (params.keyword?.trim()) query.keyword = params.keyword.trim();
          if (params.kind) query.kind = params.kind;
          if (params.status) query.status = params.status;
          if (params.channel) query.channel = params.channel;
          try {
            const { rows, meta } = await fetchPage(
              api.GET('/api/admin/coupon-templates', { params: { query } }),
            );
            return { data: rows, total: meta.total, success: true };
          } catch (e) {
            message.error(errorText(e));
            return { data: [], total: 0, success: false };
          }
        }}
      />
      <CouponStatsDrawer template={statsOf} onClose={() => setStatsOf(null)} />
      <CodeBatchesDrawer template={codesOf} canWrite={canWrite} onClose={() => setCodesOf(null)} />
      {grantOf && (
        <GrantModal
          template={grantOf}
          onClose={(changed) => {
            setGrantOf(null);
            if (changed) table.current?.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
