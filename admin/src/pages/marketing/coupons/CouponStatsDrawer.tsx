import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, Skeleton } from 'antd';
import { api, fetchData } from '../../../api/client';
import { errorText } from '../../../components/errors';
import { formatFen } from '../../../lib/money';
import { couponFace, validityText } from './template-payload';
import { CHANNEL_LABELS, type Channel, type CouponTemplate } from './types';

/** Issued, used, expired, discount given of one template (GET /api/admin/coupon-templates/:id/stats). */
export function CouponStatsDrawer({
  template,
  onClose,
}: {
  template: CouponTemplate | null;
  onClose: () => void;
}) {
  const stats = useQuery({
    queryKey: ['marketing', 'coupon-stats', template?.id],
    queryFn: () =>
      fetchData(
        api.GET('/api/admin/coupon-templates/{id}/stats', { params: { path: { id: template!.id } } }),
      ),
    enabled: template !== null,
    staleTime: 0,
  });
  const s = stats.data;
  return (
    <Drawer
      title={template ? `优惠券数据：${template.name}` : ''}
      width={520}
      open={template !== null}
      onClose={onClose}
    >
      {template && (
        <>
          <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
            <Descriptions.Item label="优惠">{couponFace(template)}</Descriptions.Item>
            <Descriptions.Item label="有效期">{validityText(template)}</Descriptions.Item>
          </Descriptions>
          {stats.isError && <Alert type="error" showIcon message={errorText(stats.error)} />}
          {stats.isLoading ? (
            <Skeleton active />
          ) : (
            s && (
              <Descriptions column={1} bordered size="small" title="效果">
                <Descriptions.Item label="已发放">{s.issued}</Descriptions.Item>
                <Descriptions.Item label="剩余">{s.remaining ?? '不限'}</Descriptions.Item>
                <Descriptions.Item label="未使用">{s.unused}</Descriptions.Item>
                <Descriptions.Item label="下单锁定中">{s.locked}</Descriptions.Item>
                <Descriptions.Item label="已使用">{s.used}</Descriptions.Item>
                <Descriptions.Item label="已过期">{s.expired}</Descriptions.Item>
                <Descriptions.Item label="用券订单">{s.orders}</Descriptions.Item>
                <Descriptions.Item label="优惠金额">{formatFen(s.discountGiven)}</Descriptions.Item>
                <Descriptions.Item label="各渠道发放">
                  {Object.entries(s.byChannel)
                    .map(([c, n]) => `${CHANNEL_LABELS[c as Channel] ?? c} ${n}`)
                    .join('，') || '—'}
                </Descriptions.Item>
                <Descriptions.Item label="兑换码">
                  已生成 {s.codes.generated}，已兑换 {s.codes.redeemed}
                </Descriptions.Item>
              </Descriptions>
            )
          )}
        </>
      )}
    </Drawer>
  );
}
