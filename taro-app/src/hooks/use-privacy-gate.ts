import { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { openPrivacyPage } from '../services/navigation';
import { useSession } from '../store/session';

/** Every tab page calls this: while it is on screen and the shopper still has to decide, show the guide. */
export function usePrivacyGate(): void {
  const session = useSession();
  // Starts hidden: the mini-program refuses to navigate before the first page has been shown.
  const [visible, setVisible] = useState(false);
  useDidShow(() => setVisible(true));
  useDidHide(() => setVisible(false));

  useEffect(() => {
    if (visible && session.status === 'needs-privacy') openPrivacyPage();
  }, [visible, session.status]);
}
