import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Descriptions } from 'antd';
import { api, fetchData } from '../api/client';
import { useAuth } from '../auth/AuthProvider';
import { ROLE_LABELS } from '../auth/roles';

/** Placeholder until the analytics issues add the real dashboard. */
export default function DashboardPage() {
  const { admin } = useAuth();
  const health = useQuery({ queryKey: ['health'], queryFn: () => fetchData(api.GET('/api/health')) });
  if (!admin) return null;
  return (
    <PageContainer title="概览">
      <Card>
        <Descriptions column={1} title={`欢迎，${admin.displayName}`}>
          <Descriptions.Item label="账号">{admin.username}</Descriptions.Item>
          <Descriptions.Item label="角色">{ROLE_LABELS[admin.role]}</Descriptions.Item>
          <Descriptions.Item label="服务状态">
            {health.isPending ? (
              <Badge status="processing" text="检查中" />
            ) : health.isError ? (
              <Badge status="error" text={health.error.message} />
            ) : (
              <Badge status="success" text="正常" />
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
    </PageContainer>
  );
}
