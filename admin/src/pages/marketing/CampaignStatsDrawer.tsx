import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, Skeleton, Tag } from 'antd';
import { api, fetchData } from '../../api/client';
import { errorText } from '../../components/errors';
import { formatFen } from '../../lib/money';
import { formatShopTime } from '../../lib/shop-time';
import { PHASE_LABELS, STATUS_LABELS, type Campaign } from './types';

/** Orders, shoppers and savings of one campaign (GET /api/admin/campaigns/:id/stats). */
export function CampaignStatsDrawer({
  campaign,
  onClose,
}: {
  campaign: Campaign | null;
  onClose: () => void;
}) {
  const stats = useQuery({
    queryKey: ['marketing', 'campaign-stats', campaign?.id],
    queryFn: () =>
      fetchData(api.GET('/api/admin/campaigns/{id}/stats', { params: { path: { id: campaign!.id } } })),
    enabled: campaign !== null,
    staleTime: 0,
  });
  return (
    <Drawer
      title={campaign ? `活动数据：${campaign.name}` : ''}
      width={520}
      open={campaign !== null}
      onClose={onClose}
    >
      {campaign && (
        <>
          {stats.isError && <Alert type="error" showIcon message={errorText(stats.error)} />}
          {stats.isLoading ? (
            <Skeleton active />
          ) : (
            stats.data && (
              <Descriptions column={1} bordered size="small" title="效果">
                <Descriptions.Item label="订单数">{stats.data.orders}</Descriptions.Item>
                <Descriptions.Item label="下单买家数">{stats.data.shoppers}</Descriptions.Item>
                <Descriptions.Item label="优惠金额">{formatFen(stats.data.discount)}</Descriptions.Item>
                <Descriptions.Item label="未付款取消退回的次数">{stats.data.returnedUses}</Descriptions.Item>
              </Descriptions>
            )
          )}
          <Descriptions column={1} size="small" title="活动" style={{ marginTop: 24 }}>
            <Descriptions.Item label="工具">{campaign.toolTitle}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_LABELS[campaign.status].color}>{STATUS_LABELS[campaign.status].text}</Tag>
              <Tag color={PHASE_LABELS[campaign.phase].color}>{PHASE_LABELS[campaign.phase].text}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="总次数">
              {campaign.totalLimit === null ? '不限' : `已用 ${campaign.usedCount} / ${campaign.totalLimit}`}
            </Descriptions.Item>
            <Descriptions.Item label="每人限用">{campaign.perShopperLimit ?? '不限'}</Descriptions.Item>
            <Descriptions.Item label="创建时间">{formatShopTime(campaign.createdAt)}</Descriptions.Item>
          </Descriptions>
        </>
      )}
    </Drawer>
  );
}
