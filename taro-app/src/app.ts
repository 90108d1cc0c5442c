import { useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { startSession } from './services/session';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void startSession();
  });
  // children are the pages
  return children;
}

export default App;
