import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { HOME_PATH } from '../routes';

export default function ForbiddenPage() {
  return (
    <Result
      status="403"
      title="403"
      subTitle="抱歉，您的角色无权访问此页面"
      extra={
        <Link to={HOME_PATH}>
          <Button type="primary">返回概览</Button>
        </Link>
      }
    />
  );
}
