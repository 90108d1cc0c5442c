import { LockOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { HOME_PATH } from '../routes';

interface Credentials {
  username: string;
  password: string;
}

/** Only paths inside the admin: `//host` or a full URL would send the person elsewhere after login. */
function safeRedirect(target: string | null): string {
  return target && target.startsWith('/') && !target.startsWith('//') ? target : HOME_PATH;
}

export default function LoginPage() {
  const { login, loggedIn } = useAuth();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const redirect = safeRedirect(search.get('redirect'));
  const submit = useMutation({
    mutationFn: ({ username, password }: Credentials) => login(username.trim(), password),
    onSuccess: () => navigate(redirect, { replace: true }),
  });

  if (loggedIn && !submit.isPending) return <Navigate to={redirect} replace />;
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Card style={{ width: 380 }}>
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
          <ShopOutlined style={{ fontSize: 40, color: '#1677ff' }} />
          <Typography.Title level={3} style={{ margin: 0 }}>
            商城管理后台
          </Typography.Title>
        </Flex>
        {submit.error && (
          <Alert type="error" showIcon message={submit.error.message} style={{ marginBottom: 16 }} />
        )}
        <Form<Credentials>
          layout="vertical"
          onFinish={(values) => submit.mutate(values)}
          disabled={submit.isPending}
        >
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submit.isPending}>
            登录
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
