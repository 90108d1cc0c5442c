import { Descriptions, Drawer, Typography } from 'antd';
import type { AuditLogEntry } from '../../api/models';
import { formatShopTime } from '../../lib/shop-time';
import { actorLabel } from './labels';

function JsonBlock({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">无</Typography.Text>;
  return (
    <pre
      style={{
        margin: 0,
        maxHeight: 360,
        overflow: 'auto',
        background: '#fafafa',
        padding: 12,
        borderRadius: 6,
      }}
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** One audit entry in full, with the before and after snapshots as formatted JSON. */
export function AuditDetailDrawer({ entry, onClose }: { entry: AuditLogEntry | null; onClose(): void }) {
  return (
    <Drawer title="审计详情" width={640} open={entry !== null} onClose={onClose} destroyOnHidden>
      {entry && (
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label="时间">{formatShopTime(entry.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="操作者">{actorLabel(entry)}</Descriptions.Item>
          <Descriptions.Item label="动作">{entry.action}</Descriptions.Item>
          <Descriptions.Item label="对象">
            {entry.subjectType ? `${entry.subjectType} ${entry.subjectId ?? ''}` : '-'}
          </Descriptions.Item>
          <Descriptions.Item label="IP">{entry.ip ?? '-'}</Descriptions.Item>
          <Descriptions.Item label="请求 ID">{entry.requestId ?? '-'}</Descriptions.Item>
          <Descriptions.Item label="变更前">
            <JsonBlock value={entry.before} />
          </Descriptions.Item>
          <Descriptions.Item label="变更后">
            <JsonBlock value={entry.after} />
          </Descriptions.Item>
        </Descriptions>
      )}
    </Drawer>
  );
}
