import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { FooterToolbar, PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  ConfigProvider,
  DatePicker,
  Form,
  Input,
  Radio,
  Result,
  Space,
  Switch,
} from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../api/api-error';
import { api, fetchData } from '../../../api/client';
import { errorText, fieldIssues } from '../../../components/errors';
import {
  CategoryPicker,
  IntegerInput,
  MoneyInput,
  NullableInput,
  PermilleInput,
  ProductPicker,
} from '../../../components/schema-form';
import { FullPageSpin } from '../../../layout/FullPageSpin';
import { SCOPE_LABELS, type ScopeMode } from '../types';
import {
  NEW_TEMPLATE,
  fromTemplate,
  placeTemplateIssues,
  termsText,
  toTemplateBody,
  type TemplateFormValues,
} from './template-payload';
import {
  CHANNEL_LABELS,
  KIND_LABELS,
  WEEKDAYS,
  type Channel,
  type CouponKind,
  type CouponTemplate,
} from './types';

const HM = /^([01]\d|2[0-3]):[0-5]\d$/;

export default function CouponTemplateFormPage() {
  const params = useParams();
  const id = params.id ? Number(params.id) : null;
  const navigate = useNavigate();
  const template = useQuery({
    queryKey: ['marketing', 'coupon-template', id],
    queryFn: () => fetchData(api.GET('/api/admin/coupon-templates/{id}', { params: { path: { id: id! } } })),
    enabled: id !== null,
    staleTime: 0,
    gcTime: 0,
  });
  if (id !== null && template.isLoading) return <FullPageSpin />;
  if (template.error)
    return (
      <Result
        status="error"
        title="加载失败"
        subTitle={errorText(template.error)}
        extra={<Button onClick={() => navigate('/coupons')}>返回优惠券列表</Button>}
      />
    );
  return <TemplateForm key={id ?? 'new'} template={template.data ?? null} />;
}

function TemplateForm({ template }: { template: CouponTemplate | null }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TemplateFormValues>();
  const initial = useMemo(() => (template ? fromTemplate(template) : NEW_TEMPLATE), [template]);
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form) as CouponKind | undefined;
  const scopeMode = Form.useWatch(['scope', 'mode'], form) as ScopeMode | undefined;
  const validityType = Form.useWatch('validityType', form) as TemplateFormValues['validityType'] | undefined;
  /** coupons in wallets were issued on these terms: they stay (the API answers CONFLICT otherwise) */
  const locked = (template?.issuedCount ?? 0) > 0;

  async function save() {
    setProblems([]);
    try {
      await form.validateFields();
    } catch {
      message.error('请按提示修改后再保存');
      return;
    }
    const body = toTemplateBody(form.getFieldsValue(true) as TemplateFormValues);
    setSaving(true);
    try {
      if (template)
        await fetchData(
          api.PUT('/api/admin/coupon-templates/{id}', { params: { path: { id: template.id } }, body }),
        );
      else await fetchData(api.POST('/api/admin/coupon-templates', { body }));
      message.success(template ? `已保存「${body.name}」` : `已创建「${body.name}」`);
      await queryClient.invalidateQueries({ queryKey: ['marketing'] });
      navigate('/coupons');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        const terms = termsText((e.details as { fields?: unknown } | undefined)?.fields);
        setProblems([
          `已发放过的优惠券条款不能修改${terms ? `：${terms}` : ''}。如需新条款，请新建一个优惠券。`,
        ]);
        return;
      }
      const issues = fieldIssues(e);
      if (issues.length === 0) {
        message.error(errorText(e));
        return;
      }
      const placed = placeTemplateIssues(issues);
      form.setFields(placed.fields as Parameters<typeof form.setFields>[0]);
      setProblems(placed.leftovers);
      if (placed.fields[0]) form.scrollToField(placed.fields[0].name, { block: 'center' });
      message.error('提交的内容不符合要求，请按提示修改');
    } finally {
      setSaving(false);
    }
  }

  /** a nullable field takes null (不限, 不封顶); only an empty input is missing */
  const required = (label: string, nullable = false) => ({
    validator: (_: unknown, v: unknown) =>
      v === undefined || v === '' || (!nullable && v === null)
        ? Promise.reject(new Error(`请填写${label}`))
        : Promise.resolve(),
  });

  return (
    <PageContainer
      title={template ? `编辑优惠券：${template.name}` : '新建优惠券'}
      onBack={() => navigate('/coupons')}
    >
      <Form<TemplateFormValues>
        form={form}
        initialValues={initial}
        labelCol={{ flex: '128px' }}
        labelWrap
        wrapperCol={{ flex: 1 }}
        colon={false}
        scrollToFirstError
      >
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            message="保存失败"
            description={
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            }
          />
        )}
        {locked && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            message={`已发放 ${template?.issuedCount} 张：优惠内容、适用商品、有效期和可用时段不能再修改（已领的券按原条款使用）；名称、数量、渠道和领取时间仍可修改。`}
          />
        )}
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card title="基本信息">
            <Form.Item
              name="name"
              label="名称"
              rules={[{ required: true, whitespace: true, message: '请填写名称' }]}
              extra="买家在领券中心和我的优惠券里看到的名称"
            >
              <Input maxLength={32} showCount style={{ maxWidth: 420 }} placeholder="如 新人满100减20" />
            </Form.Item>
            <Form.Item name="description" label="使用说明">
              <Input.TextArea maxLength={200} showCount rows={2} style={{ maxWidth: 420 }} />
            </Form.Item>
            <Form.Item name="enabled" label="启用" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Card>

          <ConfigProvider componentDisabled={locked}>
            <Card title="优惠内容">
              <Form.Item name="kind" label="类型">
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={(Object.keys(KIND_LABELS) as CouponKind[]).map((value) => ({
                    value,
                    label: KIND_LABELS[value],
                  }))}
                />
              </Form.Item>
              <Form.Item
                name="threshold"
                label="使用门槛"
                extra="满多少可用；填 0 表示无门槛"
                rules={[required('使用门槛')]}
              >
                <MoneyInput />
              </Form.Item>
              {kind === 'amount_off' && (
                <Form.Item name="amountOff" label="减免金额" rules={[required('减免金额')]}>
                  <MoneyInput />
                </Form.Item>
              )}
              {kind === 'percent_off' && (
                <>
                  <Form.Item
                    name="discountPermille"
                    label="折扣"
                    extra="如 8.5 折"
                    rules={[required('折扣')]}
                  >
                    <PermilleInput max={999} />
                  </Form.Item>
                  <Form.Item
                    name="maxDiscount"
                    label="最多优惠"
                    rules={[required('最多优惠，或勾选“不封顶”', true)]}
                  >
                    <NullableInput<number> nullLabel="不封顶" render={(p) => <MoneyInput {...p} />} />
                  </Form.Item>
                </>
              )}
              <Form.Item name={['scope', 'mode']} label="适用商品">
                <Radio.Group
                  options={(Object.keys(SCOPE_LABELS) as ScopeMode[]).map((value) => ({
                    value,
                    label: SCOPE_LABELS[value],
                  }))}
                />
              </Form.Item>
              {scopeMode && scopeMode !== 'all' && (
                <>
                  <Form.Item
                    name={['scope', 'productIds']}
                    label={scopeMode === 'include' ? '可用商品' : '不可用商品'}
                  >
                    <ProductPicker multiple />
                  </Form.Item>
                  <Form.Item
                    name={['scope', 'categoryIds']}
                    label={scopeMode === 'include' ? '可用分类' : '不可用分类'}
                    extra="商品和分类至少选一个"
                  >
                    <CategoryPicker multiple />
                  </Form.Item>
                </>
              )}
              <Form.Item
                name="stackable"
                label="可叠加"
                valuePropName="checked"
                extra="可与其他可叠加的券同时使用"
              >
                <Switch />
              </Form.Item>
              <Form.Item
                name="allowActivityLines"
                label="活动价可用"
                valuePropName="checked"
                extra="秒杀、拼团等活动价商品也能用这张券"
              >
                <Switch />
              </Form.Item>
            </Card>

            <Card title="有效期与可用时段" style={{ marginTop: 16 }}>
              <Form.Item name="validityType" label="有效期">
                <Radio.Group
                  options={[
                    { value: 'relative', label: '领取后 N 天' },
                    { value: 'absolute', label: '固定时间段' },
                  ]}
                />
              </Form.Item>
              {validityType === 'relative' ? (
                <Form.Item
                  name="validityDays"
                  label="天数"
                  extra="到领取后第 N 天的店铺时间 24:00 为止"
                  rules={[required('天数')]}
                >
                  <IntegerInput min={1} max={3650} unit="天" />
                </Form.Item>
              ) : (
                <Form.Item
                  name="validityRange"
                  label="时间段"
                  extra="店铺时间（北京时间）"
                  rules={[
                    {
                      validator: (_, v: TemplateFormValues['validityRange']) =>
                        v?.[0] && v?.[1]
                          ? Promise.resolve()
                          : Promise.reject(new Error('请选择开始和结束时间')),
                    },
                  ]}
                >
                  <DatePicker.RangePicker showTime format="YYYY-MM-DD HH:mm:ss" />
                </Form.Item>
              )}
              <Form.Item label="可用时段" extra="店铺时间；不添加表示任何时间可用。结束早于开始表示跨过午夜">
                <Form.List name="windows">
                  {(fields, { add, remove }) => (
                    <Space direction="vertical" style={{ width: '100%' }}>
                      {fields.map((f, i) => (
                        <Space key={f.key} align="start" wrap>
                          <Form.Item
                            name={[f.name, 'weekdays']}
                            rules={[{ required: true, type: 'array', min: 1, message: '至少选择一天' }]}
                            style={{ marginBottom: 0 }}
                          >
                            <Checkbox.Group options={WEEKDAYS} aria-label={`第 ${i + 1} 个时段 星期`} />
                          </Form.Item>
                          <Form.Item
                            name={[f.name, 'from']}
                            rules={[{ pattern: HM, required: true, message: 'HH:mm' }]}
                            style={{ marginBottom: 0 }}
                          >
                            <Input
                              style={{ width: 88 }}
                              placeholder="11:00"
                              aria-label={`第 ${i + 1} 个时段 开始`}
                            />
                          </Form.Item>
                          <span style={{ lineHeight: '32px' }}>至</span>
                          <Form.Item
                            name={[f.name, 'to']}
                            rules={[
                              { required: true, message: 'HH:mm' },
                              {
                                validator: (_, v: string) =>
                                  !v || HM.test(v) || v === '24:00'
                                    ? Promise.resolve()
                                    : Promise.reject(new Error('HH:mm')),
                              },
                            ]}
                            style={{ marginBottom: 0 }}
                          >
                            <Input
                              style={{ width: 88 }}
                              placeholder="14:00"
                              aria-label={`第 ${i + 1} 个时段 结束`}
                            />
                          </Form.Item>
                          <Button
                            type="link"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={`删除第 ${i + 1} 个时段`}
                            onClick={() => remove(f.name)}
                          />
                        </Space>
                      ))}
                      {fields.length < 7 && (
                        <Button
                          type="dashed"
                          icon={<PlusOutlined />}
                          onClick={() => add({ weekdays: [1, 2, 3, 4, 5], from: '11:00', to: '14:00' })}
                        >
                          添加时段
                        </Button>
                      )}
                    </Space>
                  )}
                </Form.List>
              </Form.Item>
            </Card>
          </ConfigProvider>

          <Card title="发放与领取">
            <Form.Item
              name="totalQuantity"
              label="发放总量"
              rules={[required('发放总量，或勾选“不限”', true)]}
            >
              <NullableInput<number>
                nullLabel="不限"
                render={(p) => <IntegerInput {...p} min={1} unit="张" />}
              />
            </Form.Item>
            <Form.Item name="perUserLimit" label="每人限领" rules={[required('每人限领')]}>
              <IntegerInput min={1} max={100} unit="张" />
            </Form.Item>
            <Form.Item
              name="channels"
              label="发放渠道"
              rules={[{ required: true, type: 'array', min: 1, message: '至少选择一个渠道' }]}
            >
              <Checkbox.Group
                options={(Object.keys(CHANNEL_LABELS) as Channel[]).map((value) => ({
                  value,
                  label: CHANNEL_LABELS[value],
                }))}
              />
            </Form.Item>
            <Form.Item name="claimRange" label="领取时间" extra="只限制领券中心；店铺时间，留空表示不限">
              <DatePicker.RangePicker
                showTime
                allowEmpty={[true, true]}
                format="YYYY-MM-DD HH:mm:ss"
                placeholder={['开始（不限）', '结束（不限）']}
              />
            </Form.Item>
            <Form.Item
              name="returnOnRefund"
              label="退款退回"
              valuePropName="checked"
              extra="整单退款后，券仍在有效期内则退回买家"
            >
              <Switch />
            </Form.Item>
          </Card>
        </Space>
      </Form>
      <FooterToolbar>
        <Button onClick={() => navigate('/coupons')}>取消</Button>
        <Button type="primary" loading={saving} onClick={save}>
          {template ? '保存修改' : '创建优惠券'}
        </Button>
      </FooterToolbar>
    </PageContainer>
  );
}
