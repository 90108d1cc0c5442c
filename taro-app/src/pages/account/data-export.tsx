import Taro from '@tarojs/taro';
import { ScrollView, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { ApiError, isApiError } from '../../services/api-error';
import type { ShopperExport } from '../../services/api-types';
import { formatTime } from '../../services/format-time';
import { exportMyData } from '../../services/shop-api';
import { SAVE_EXPORT_LABEL, saveExport } from './save-export';

/** Names of the export's sections and of the lists inside them; an unknown one shows its own key. */
const NAMES: Record<string, string> = {
  profile: '个人资料',
  addresses: '收货地址',
  privacyConsents: '隐私同意记录',
  orders: '订单',
  afterSales: '售后',
  invoices: '发票',
  staff: '门店员工身份',
};
const nameOf = (key: string) => NAMES[key] ?? key;

const sectionSize = (v: unknown): string => {
  if (Array.isArray(v)) return `${v.length} 条`;
  if (v && typeof v === 'object') {
    // a section may group several lists, e.g. orders with their after-sales and invoices
    const entries = Object.entries(v);
    if (entries.length > 0 && entries.every(([, list]) => Array.isArray(list)))
      return entries.map(([k, list]) => `${nameOf(k)} ${(list as unknown[]).length}`).join(' · ');
    return '已包含';
  }
  return v === null || v === undefined ? '无' : '已包含';
};

type State =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'done'; data: ShopperExport; json: string };

/** 导出我的数据 (GET /api/shop/me/export): what the mall holds, shown section by section and in full. */
export function DataExport() {
  const [state, setState] = useState<State>({ status: 'idle' });
  const run = async () => {
    setState({ status: 'loading' });
    try {
      const data = await exportMyData();
      setState({ status: 'done', data, json: JSON.stringify(data, null, 2) });
    } catch (e) {
      setState({ status: 'error', error: isApiError(e) ? e : new ApiError('INTERNAL', 0, String(e)) });
    }
  };
  const save = async (json: string, shopperId: number) => {
    try {
      void Taro.showToast({ title: await saveExport(json, shopperId), icon: 'none' });
    } catch {
      void Taro.showToast({ title: '保存失败', icon: 'none' });
    }
  };

  return (
    <View className="account-page__card data-export">
      <Text className="account-page__heading">导出我的数据</Text>
      <Text className="account-page__note">
        包含个人资料、收货地址、隐私同意记录、订单与售后等商城保存的全部个人信息（JSON 格式）。
      </Text>
      {state.status === 'idle' ? (
        <Button className="data-export__start" fill="outline" onClick={() => void run()}>
          导出数据
        </Button>
      ) : null}
      {state.status === 'loading' ? <LoadingState text="正在导出…" /> : null}
      {state.status === 'error' ? (
        <ErrorState message={state.error.message} onRetry={() => void run()} />
      ) : null}
      {state.status === 'done' ? (
        <View className="data-export__result">
          <Text className="data-export__time">导出时间：{formatTime(state.data.exportedAt)}</Text>
          {Object.entries(state.data.sections).map(([name, value]) => (
            <View key={name} className="data-export__section">
              <Text>{nameOf(name)}</Text>
              <Text className="data-export__size">{sectionSize(value)}</Text>
            </View>
          ))}
          <ScrollView className="data-export__json" scrollY>
            <Text userSelect>{state.json}</Text>
          </ScrollView>
          <Button type="primary" onClick={() => void save(state.json, state.data.shopperId)}>
            {SAVE_EXPORT_LABEL}
          </Button>
        </View>
      ) : null}
    </View>
  );
}
