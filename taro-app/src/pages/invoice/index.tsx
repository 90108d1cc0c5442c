import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import { isApiError } from '../../services/api-error';
import type { Invoice, InvoiceBody, OrderDetail } from '../../services/api-types';
import { formatTime } from '../../services/format-time';
import { formatFen } from '../../services/money';
import { fetchInvoice, fetchOrder, requestInvoice } from '../../services/shop-api';
import { openInvoice } from './open-invoice';
import './index.scss';

/** The API's rules (backend modules/order/schemas.ts invoiceBody). */
const TAX_ID = /^[0-9A-Z]{15,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NOT_PAID = ['pending_payment', 'cancelled'];

const TYPE_TEXT: Record<InvoiceBody['type'], string> = { personal: '个人', company: '单位' };

/** The order's invoice request, or null when there is none (the API answers NOT_FOUND). */
async function invoiceOrNull(orderId: number): Promise<Invoice | null> {
  try {
    return await fetchInvoice(orderId);
  } catch (e) {
    if (isApiError(e) && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

function check(form: InvoiceBody): string | undefined {
  const title = form.title.trim();
  if (!title) return form.type === 'company' ? '请填写单位名称' : '请填写发票抬头';
  if ([...title].length > 100) return '抬头最多 100 个字';
  if (form.type === 'company' && !TAX_ID.test(form.taxId ?? ''))
    return '纳税人识别号为 15–20 位数字或大写字母';
  if (!EMAIL.test(form.email.trim()) || form.email.trim().length > 128) return '请填写正确的邮箱';
  return undefined;
}

function InvoiceForm({
  order,
  current,
  onSaved,
  onCancel,
}: {
  order: OrderDetail;
  current: Invoice | null;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const [form, setForm] = useState<InvoiceBody>({
    type: current?.type ?? 'personal',
    title: current?.title ?? '',
    taxId: current?.taxId ?? '',
    email: current?.email ?? '',
  });
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const problem = check(form);
    if (problem) return void Taro.showToast({ title: problem, icon: 'none' });
    setSaving(true);
    try {
      await requestInvoice(order.id, {
        type: form.type,
        title: form.title.trim(),
        taxId: form.type === 'company' ? form.taxId : undefined,
        email: form.email.trim(),
      });
      void Taro.showToast({ title: '已提交开票申请', icon: 'success' });
      onSaved();
    } catch (e) {
      void Taro.showToast({ title: isApiError(e) ? e.message : '提交失败', icon: 'none' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="invoice-page__card invoice-form">
      <Text className="invoice-page__heading">{current ? '修改开票信息' : '申请开票'}</Text>
      <View className="invoice-form__row">
        <Text className="invoice-form__label">抬头类型</Text>
        <View className="invoice-form__types">
          {(['personal', 'company'] as const).map((t) => (
            <Text
              key={t}
              className={`invoice-form__type${form.type === t ? ' invoice-form__type--active' : ''}`}
              onClick={() => setForm((f) => ({ ...f, type: t }))}
            >
              {TYPE_TEXT[t]}
            </Text>
          ))}
        </View>
      </View>
      <View className="invoice-form__row invoice-form__title">
        <Text className="invoice-form__label">{form.type === 'company' ? '单位名称' : '发票抬头'}</Text>
        <Input
          className="invoice-form__input"
          placeholder={form.type === 'company' ? '与营业执照一致' : '如 个人 或 你的姓名'}
          maxlength={100}
          value={form.title}
          onInput={(e) => setForm((f) => ({ ...f, title: e.detail.value }))}
        />
      </View>
      {form.type === 'company' ? (
        <View className="invoice-form__row invoice-form__tax-id">
          <Text className="invoice-form__label">税号</Text>
          <Input
            className="invoice-form__input"
            placeholder="15–20 位纳税人识别号"
            maxlength={20}
            value={form.taxId ?? ''}
            onInput={(e) => setForm((f) => ({ ...f, taxId: e.detail.value.toUpperCase() }))}
          />
        </View>
      ) : null}
      <View className="invoice-form__row invoice-form__email">
        <Text className="invoice-form__label">接收邮箱</Text>
        <Input
          className="invoice-form__input"
          placeholder="电子发票将发送到此邮箱"
          maxlength={128}
          value={form.email}
          onInput={(e) => setForm((f) => ({ ...f, email: e.detail.value }))}
        />
      </View>
      <Text className="invoice-page__note">
        发票金额为实付金额减去已退款金额，当前 {formatFen(order.payAmount - order.refundedAmount)}
        ；开具前可修改。
      </Text>
      <View className="invoice-form__actions">
        {onCancel ? (
          <Button fill="outline" onClick={onCancel}>
            取消
          </Button>
        ) : null}
        <Button type="primary" loading={saving} onClick={() => void save()}>
          提交
        </Button>
      </View>
    </View>
  );
}

function InvoiceView({ invoice, onEdit }: { invoice: Invoice; onEdit: () => void }) {
  const [opening, setOpening] = useState(false);
  const issued = invoice.status === 'issued';
  const open = async () => {
    setOpening(true);
    try {
      await openInvoice(invoice.orderId);
    } catch (e) {
      void Taro.showToast({ title: isApiError(e) ? e.message : '打开发票失败', icon: 'none' });
    } finally {
      setOpening(false);
    }
  };
  const rows: [string, string][] = [
    ['抬头类型', TYPE_TEXT[invoice.type]],
    ['发票抬头', invoice.title],
    ...(invoice.taxId ? ([['税号', invoice.taxId]] as [string, string][]) : []),
    ['接收邮箱', invoice.email],
    ['发票金额', formatFen(invoice.amount)],
    ['申请时间', formatTime(invoice.requestedAt)],
    ...(invoice.issuedAt ? ([['开具时间', formatTime(invoice.issuedAt)]] as [string, string][]) : []),
  ];
  return (
    <View className="invoice-page__card">
      <View className="invoice-page__status">
        <Text className="invoice-page__heading">{issued ? '发票已开具' : '开票中'}</Text>
        <Text className="invoice-page__note">
          {issued ? '可查看或下载电子发票' : '商家开具后可在此查看和下载'}
        </Text>
      </View>
      {rows.map(([k, v]) => (
        <View key={k} className="invoice-page__row">
          <Text className="invoice-page__key">{k}</Text>
          <Text>{v}</Text>
        </View>
      ))}
      <View className="invoice-form__actions">
        {issued ? (
          <Button type="primary" loading={opening} onClick={() => void open()}>
            查看/下载发票
          </Button>
        ) : (
          <Button fill="outline" onClick={onEdit}>
            修改开票信息
          </Button>
        )}
      </View>
    </View>
  );
}

/** `?orderId=`: ask for the order's invoice, correct it until it is issued, then open the PDF. */
export default function InvoicePage() {
  const orderId = Number(useRouter().params.orderId);
  const data = useAsync(async () => {
    const [order, invoice] = await Promise.all([fetchOrder(orderId), invoiceOrNull(orderId)]);
    return { order, invoice };
  }, [orderId]);
  const [editing, setEditing] = useState(false);

  if (data.status === 'loading') return <LoadingState />;
  if (data.status === 'error') return <ErrorState message={data.error.message} onRetry={data.reload} />;
  const { order, invoice } = data.data;
  const saved = () => {
    setEditing(false);
    data.reload();
  };
  return (
    <View className="invoice-page">
      <View className="invoice-page__card">
        <View className="invoice-page__row">
          <Text className="invoice-page__key">订单号</Text>
          <Text>{order.orderNo}</Text>
        </View>
        <View className="invoice-page__row">
          <Text className="invoice-page__key">实付款</Text>
          <Text>{formatFen(order.payAmount)}</Text>
        </View>
      </View>
      {NOT_PAID.includes(order.status) ? (
        <ErrorState message="订单支付后才能申请开票" />
      ) : invoice && !editing ? (
        <InvoiceView invoice={invoice} onEdit={() => setEditing(true)} />
      ) : (
        <InvoiceForm
          order={order}
          current={invoice}
          onSaved={saved}
          onCancel={invoice ? () => setEditing(false) : undefined}
        />
      )}
    </View>
  );
}
