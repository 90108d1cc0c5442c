import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { App } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/api-error';
import { api, fetchPage } from '../../api/client';
import type { AuditLogEntry, AuditLogQuery } from '../../api/models';
import { formatShopTime, SHOP_TIME_ZONE } from '../../lib/shop-time';
import { AuditDetailDrawer } from './AuditDetailDrawer';
import { actorLabel } from './labels';

interface SearchParams {
  current?: number;
  pageSize?: number;
  action?: string;
  actorId?: number | string;
  subjectType?: string;
}

/** The search form's values as the API's query: blanks dropped, the actor id as a number. */
function toQuery({ current, pageSize, action, actorId, subjectType }: SearchParams): AuditLogQuery {
  const query: AuditLogQuery = { page: current ?? 1, pageSize: pageSize ?? 20 };
  if (action?.trim()) query.action = action.trim();
  if (subjectType?.trim()) query.subjectType = subjectType.trim();
  if (actorId !== undefined && actorId !== '' && Number.isFinite(Number(actorId)))
    query.actorId = Number(actorId);
  return query;
}

export default function AuditLogsPage() {
  const { message } = App.useApp();
  const [selected, setSelected] = useState<AuditLogEntry | null>(null);

  const columns: ProColumns<AuditLogEntry>[] = [
    {
      title: '时间',
      dataIndex: 'createdAt',
      tooltip: `店铺时间（${SHOP_TIME_ZONE}）`,
      hideInSearch: true,
      width: 170,
      render: (_, entry) => formatShopTime(entry.createdAt),
    },
    { title: '操作者', dataIndex: 'actorName', hideInSearch: true, render: (_, entry) => actorLabel(entry) },
    { title: '操作者 ID', dataIndex: 'actorId', valueType: 'digit', hideInTable: true },
    { title: '动作', dataIndex: 'action', width: 200, fieldProps: { placeholder: '按前缀匹配' } },
    { title: '对象类型', dataIndex: 'subjectType' },
    { title: '对象 ID', dataIndex: 'subjectId', hideInSearch: true },
    { title: 'IP', dataIndex: 'ip', hideInSearch: true },
    { title: '请求 ID', dataIndex: 'requestId', hideInSearch: true, ellipsis: true, copyable: true },
    {
      title: '操作',
      valueType: 'option',
      width: 80,
      render: (_, entry) => [
        <a key="detail" onClick={() => setSelected(entry)}>
          详情
        </a>,
      ],
    },
  ];

  return (
    <PageContainer title="审计日志" content="后台的每一次写操作都记录在此：谁、做了什么、变更前后。">
      <ProTable<AuditLogEntry, SearchParams>
        rowKey="id"
        columns={columns}
        search={{ labelWidth: 'auto' }}
        options={{ density: false, setting: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        request={async (params) => {
          try {
            const { rows, meta } = await fetchPage(
              api.GET('/api/admin/audit-logs', { params: { query: toQuery(params) } }),
            );
            return { data: rows, total: meta.total, success: true };
          } catch (e) {
            message.error(e instanceof ApiError ? e.message : String(e));
            return { data: [], total: 0, success: false };
          }
        }}
      />
      <AuditDetailDrawer entry={selected} onClose={() => setSelected(null)} />
    </PageContainer>
  );
}
