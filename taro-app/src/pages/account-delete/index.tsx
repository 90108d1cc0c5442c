import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { isApiError } from '../../services/api-error';
import { ROUTES } from '../../services/navigation';
import { deleteAccount } from '../../services/shop-api';
import { clearToken } from '../../services/token-storage';
import { setSession } from '../../store/session';
import './index.scss';

/** What 注销 does, as the server does it (backend modules/account/data-rights.ts). */
const CONSEQUENCES = [
  '昵称、头像、手机号、微信身份标识和登录 IP 将被删除，账号显示为“已注销用户”。',
  '全部收货地址将被删除，购物车将被清空。',
  '订单、支付和售后记录依法保留，但不再与你的微信关联。',
  '注销后无法恢复；再次登录将成为一个全新的账号，原账号的订单和记录无法找回。',
  '有未完成的订单（待付款、待发货、待收货等）时不能注销，请先完成或取消。',
];

const CONFIRM_WORD = '注销';

function deletionError(e: unknown): string {
  if (!isApiError(e)) return '注销失败，请稍后再试';
  const rule = (e.details as { rule?: unknown } | undefined)?.rule;
  if (e.code === 'BUSINESS_RULE' && rule === 'open_orders') return '你还有未完成的订单，完成或取消后才能注销';
  return e.message;
}

/** 注销账号: the consequences, a typed confirmation, a last question, then the account is gone. */
export default function AccountDeletePage() {
  const [understood, setUnderstood] = useState(false);
  const [typed, setTyped] = useState('');
  const [deleting, setDeleting] = useState(false);
  const ready = understood && typed.trim() === CONFIRM_WORD;

  const remove = async () => {
    if (!ready) return;
    const { confirm } = await Taro.showModal({
      title: '确认注销',
      content: '注销后账号无法恢复，确定继续吗？',
      confirmText: '确认注销',
      confirmColor: '#fa2c19',
    });
    if (!confirm) return;
    setDeleting(true);
    try {
      await deleteAccount();
    } catch (e) {
      setDeleting(false);
      void Taro.showModal({ title: '未能注销', content: deletionError(e), showCancel: false });
      return;
    }
    // the token stopped working at once; the next visit is a new shopper who sees the privacy guide first
    clearToken();
    setSession({ status: 'needs-privacy' });
    await Taro.showModal({ title: '账号已注销', content: '感谢你的使用。', showCancel: false });
    void Taro.reLaunch({ url: ROUTES.home });
  };

  return (
    <View className="account-delete">
      <View className="account-delete__card">
        <Text className="account-delete__heading">注销账号将会：</Text>
        {CONSEQUENCES.map((c, i) => (
          <Text key={i} className="account-delete__item">
            {i + 1}. {c}
          </Text>
        ))}
      </View>
      <View className="account-delete__card">
        <View
          className={`account-delete__agree${understood ? ' account-delete__agree--on' : ''}`}
          onClick={() => setUnderstood((v) => !v)}
        >
          <View className="account-delete__check" />
          <Text>我已阅读并了解以上内容</Text>
        </View>
        <Text className="account-delete__label">请输入“{CONFIRM_WORD}”以确认</Text>
        <Input
          className="account-delete__input"
          placeholder={CONFIRM_WORD}
          value={typed}
          onInput={(e) => setTyped(e.detail.value)}
        />
        <Button block type="danger" disabled={!ready} loading={deleting} onClick={() => void remove()}>
          注销账号
        </Button>
      </View>
    </View>
  );
}
