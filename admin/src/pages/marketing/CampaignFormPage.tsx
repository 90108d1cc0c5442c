import { FooterToolbar, PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Collapse,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api, fetchData } from '../../api/client';
import { errorText, fieldIssues } from '../../components/errors';
import {
  CategoryPicker,
  IntegerInput,
  NullableInput,
  ProductPicker,
  SchemaFields,
  TagsInput,
  compileSchema,
} from '../../components/schema-form';
import { FullPageSpin } from '../../layout/FullPageSpin';
import { useTools } from './api';
import { fromCampaign, newCampaign, placeIssues, toBody, type CampaignFormValues } from './campaign-payload';
import {
  AUDIENCE_LABELS,
  SCOPE_LABELS,
  STAGE_LABELS,
  TOOL_BLURBS,
  type AudienceType,
  type Campaign,
  type ScopeMode,
  type Tool,
} from './types';

const ADVANCED_FIELDS = ['priority', 'exclusive', 'stackGroup'];

/** 新建活动 (pick a tool, then its form) and 编辑活动. */
export default function CampaignFormPage() {
  const params = useParams();
  const id = params.id ? Number(params.id) : null;
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const tools = useTools();
  const campaign = useQuery({
    queryKey: ['marketing', 'campaign', id],
    queryFn: () => fetchData(api.GET('/api/admin/campaigns/{id}', { params: { path: { id: id! } } })),
    enabled: id !== null,
    staleTime: 0,
    gcTime: 0,
  });
  if (tools.isLoading || (id !== null && campaign.isLoading)) return <FullPageSpin />;
  const failed = tools.error ?? campaign.error;
  if (failed)
    return (
      <Result
        status="error"
        title="加载失败"
        subTitle={errorText(failed)}
        extra={<Button onClick={() => navigate('/campaigns')}>返回活动列表</Button>}
      />
    );
  const kind = id !== null ? campaign.data?.kind : search.get('kind');
  const tool = (tools.data ?? []).find((t) => t.kind === kind);
  if (!tool) {
    if (id !== null)
      return <Result status="warning" title="这个活动的营销工具已不存在" subTitle={`工具：${kind}`} />;
    return <ToolPicker tools={tools.data ?? []} onPick={(k) => setSearch({ kind: k })} />;
  }
  return (
    <CampaignForm
      key={`${tool.kind}:${id ?? 'new'}`}
      tool={tool}
      campaign={campaign.data ?? null}
      onChangeTool={id === null ? () => setSearch({}) : undefined}
    />
  );
}

function ToolPicker({ tools, onPick }: { tools: Tool[]; onPick: (kind: string) => void }) {
  const navigate = useNavigate();
  return (
    <PageContainer
      title="新建活动"
      content="先选择营销工具，再填写它的规则。"
      onBack={() => navigate('/campaigns')}
    >
      <Row gutter={[16, 16]}>
        {tools.map((t) => (
          <Col key={t.kind} xs={24} md={12} xl={8}>
            <Card hoverable onClick={() => onPick(t.kind)} role="button" aria-label={`选择${t.title}`}>
              <Card.Meta
                title={
                  <Space>
                    {t.title}
                    <Tag>{STAGE_LABELS[t.stage] ?? t.stage}</Tag>
                  </Space>
                }
                description={TOOL_BLURBS[t.kind] ?? (compileSchema(t.jsonSchema).help || t.kind)}
              />
            </Card>
          </Col>
        ))}
      </Row>
    </PageContainer>
  );
}

function CampaignForm({
  tool,
  campaign,
  onChangeTool,
}: {
  tool: Tool;
  campaign: Campaign | null;
  onChangeTool?: () => void;
}) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CampaignFormValues>();
  const schema = useMemo(() => compileSchema(tool.jsonSchema), [tool]);
  const initial = useMemo(
    () => (campaign ? fromCampaign(campaign, schema) : newCampaign(tool, schema)),
    [campaign, schema, tool],
  );
  const [problems, setProblems] = useState<string[]>([]);
  const [advanced, setAdvanced] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const audienceType = Form.useWatch(['audience', 'type'], form) as AudienceType | undefined;
  const scopeMode = Form.useWatch(['scope', 'mode'], form) as ScopeMode | undefined;

  async function save() {
    setProblems([]);
    try {
      await form.validateFields();
    } catch {
      message.error('请按提示修改后再保存');
      return;
    }
    const body = toBody(tool.kind, form.getFieldsValue(true) as CampaignFormValues, schema);
    setSaving(true);
    try {
      if (campaign)
        await fetchData(
          api.PUT('/api/admin/campaigns/{id}', { params: { path: { id: campaign.id } }, body }),
        );
      else await fetchData(api.POST('/api/admin/campaigns', { body }));
      message.success(campaign ? `已保存「${body.name}」` : `已创建「${body.name}」`);
      await queryClient.invalidateQueries({ queryKey: ['marketing'] });
      navigate('/campaigns');
    } catch (e) {
      const issues = fieldIssues(e);
      if (issues.length === 0) {
        message.error(errorText(e));
        return;
      }
      // the server's word on each field, where the field is
      const placed = placeIssues(issues, schema.root);
      form.setFields(placed.fields);
      setProblems(placed.leftovers);
      if (placed.fields.some((f) => ADVANCED_FIELDS.includes(String(f.name[0])))) setAdvanced(['advanced']);
      if (placed.fields[0]) form.scrollToField(placed.fields[0].name, { block: 'center' });
      message.error('提交的内容不符合要求，请按提示修改');
    } finally {
      setSaving(false);
    }
  }

  return (
    <PageContainer
      title={campaign ? `编辑活动：${campaign.name}` : `新建${tool.title}活动`}
      onBack={() => navigate('/campaigns')}
      extra={
        onChangeTool && (
          <Button onClick={onChangeTool} aria-label="更换营销工具">
            更换工具
          </Button>
        )
      }
    >
      <Form<CampaignFormValues>
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
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card title="基本信息">
            <Form.Item label="营销工具">
              <Space>
                <Typography.Text strong>{tool.title}</Typography.Text>
                <Tag>{STAGE_LABELS[tool.stage] ?? tool.stage}</Tag>
                <Typography.Text type="secondary">{TOOL_BLURBS[tool.kind]}</Typography.Text>
              </Space>
            </Form.Item>
            <Form.Item
              name="name"
              label="活动名称"
              extra="买家在商品页、购物车和结算页看到的名称"
              rules={[{ required: true, whitespace: true, message: '请填写活动名称' }]}
            >
              <Input maxLength={60} showCount style={{ maxWidth: 480 }} placeholder="如 满100减20" />
            </Form.Item>
            <Form.Item name="description" label="活动说明">
              <Input.TextArea maxLength={200} showCount rows={2} style={{ maxWidth: 480 }} />
            </Form.Item>
            <Form.Item name="enabled" label="启用" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Card>

          <Card title="活动规则" extra={<Typography.Text type="secondary">{schema.help}</Typography.Text>}>
            <SchemaFields node={schema.root} name={['config']} />
          </Card>

          <Card title="时间与对象">
            <Form.Item
              name="window"
              label="活动时间"
              extra="店铺时间（北京时间）；留空表示不限"
              rules={[
                {
                  validator: (_, v: CampaignFormValues['window']) =>
                    v?.[0] && v?.[1] && !v[0].isBefore(v[1])
                      ? Promise.reject(new Error('结束时间必须晚于开始时间'))
                      : Promise.resolve(),
                },
              ]}
            >
              <DatePicker.RangePicker
                showTime
                allowEmpty={[true, true]}
                format="YYYY-MM-DD HH:mm:ss"
                placeholder={['开始（不限）', '结束（不限）']}
              />
            </Form.Item>
            <Form.Item name={['audience', 'type']} label="参与对象">
              <Radio.Group
                options={(Object.keys(AUDIENCE_LABELS) as AudienceType[]).map((value) => ({
                  value,
                  label: AUDIENCE_LABELS[value],
                }))}
              />
            </Form.Item>
            {audienceType === 'levels' && (
              <Form.Item
                name={['audience', 'levelIds']}
                label="会员等级"
                extra="会员等级编号，输入后回车"
                rules={[{ required: true, type: 'array', min: 1, message: '请至少填写一个会员等级' }]}
              >
                <TagsInput numeric />
              </Form.Item>
            )}
            {audienceType === 'tags' && (
              <Form.Item
                name={['audience', 'tags']}
                label="买家标签"
                extra="如 体验官，输入后回车"
                rules={[{ required: true, type: 'array', min: 1, message: '请至少填写一个标签' }]}
              >
                <TagsInput />
              </Form.Item>
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
                  label={scopeMode === 'include' ? '参加的商品' : '不参加的商品'}
                >
                  <ProductPicker multiple />
                </Form.Item>
                <Form.Item
                  name={['scope', 'categoryIds']}
                  label={scopeMode === 'include' ? '参加的分类' : '不参加的分类'}
                  extra="商品和分类至少选一个"
                >
                  <CategoryPicker multiple />
                </Form.Item>
              </>
            )}
          </Card>

          <Card title="使用限制">
            <Form.Item
              name="totalLimit"
              label="总次数"
              extra={`一笔用到此活动的订单算一次${campaign && campaign.totalLimit !== null ? `；已用 ${campaign.usedCount} 次` : ''}`}
              rules={[
                {
                  validator: (_, v) =>
                    v === undefined
                      ? Promise.reject(new Error('请填写总次数，或勾选“不限”'))
                      : Promise.resolve(),
                },
              ]}
            >
              <NullableInput<number>
                nullLabel="不限"
                render={(p) => <IntegerInput {...p} min={1} unit="次" />}
              />
            </Form.Item>
            <Form.Item
              name="perShopperLimit"
              label="每人次数"
              rules={[
                {
                  validator: (_, v) =>
                    v === undefined
                      ? Promise.reject(new Error('请填写每人次数，或勾选“不限”'))
                      : Promise.resolve(),
                },
              ]}
            >
              <NullableInput<number>
                nullLabel="不限"
                render={(p) => <IntegerInput {...p} min={1} unit="次" />}
              />
            </Form.Item>
          </Card>

          <Collapse
            activeKey={advanced}
            onChange={(keys) => setAdvanced(keys)}
            items={[
              {
                key: 'advanced',
                label: '高级：优先级与叠加',
                forceRender: true,
                children: (
                  <>
                    <Form.Item
                      name="priority"
                      label="优先级"
                      extra="同一阶段内数字大的先计算"
                      rules={[{ required: true, message: '请填写优先级' }]}
                    >
                      <InputNumber min={0} max={10000} precision={0} />
                    </Form.Item>
                    <Form.Item
                      name="exclusive"
                      label="互斥"
                      valuePropName="checked"
                      extra="开启后，同一叠加分组里的其他活动不与它同时生效"
                    >
                      <Switch />
                    </Form.Item>
                    <Form.Item
                      name="stackGroup"
                      label="叠加分组"
                      extra="小写字母、数字、_ 和 -，最多 32 位"
                      rules={[
                        { required: true, message: '请填写叠加分组' },
                        {
                          pattern: /^[a-z0-9_-]{1,32}$/,
                          message: '只能包含小写字母、数字、_ 和 -（1–32 位）',
                        },
                      ]}
                    >
                      <Input style={{ maxWidth: 240 }} />
                    </Form.Item>
                  </>
                ),
              },
            ]}
          />
        </Space>
      </Form>
      <FooterToolbar>
        <Button onClick={() => navigate('/campaigns')}>取消</Button>
        <Button type="primary" loading={saving} onClick={save}>
          {campaign ? '保存修改' : '创建活动'}
        </Button>
      </FooterToolbar>
    </PageContainer>
  );
}
