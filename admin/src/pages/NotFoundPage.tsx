import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { HOME_PATH } from '../routes';

export default function NotFoundPage() {
  return (
    <Result
      status="404"
      title="404"
      subTitle="页面不存在"
      extra={
        <Link to={HOME_PATH}>
          <Button type="primary">返回概览</Button>
        </Link>
      }
    />
  );
}
