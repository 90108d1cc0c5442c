import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Drawer,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/api-error';
import { api, fetchData } from '../../api/client';
import { fetchNoContent } from '../../components/no-content';
import { errorText, showFieldErrors, type NamePath } from '../../components/errors';
import { yuanRules } from '../../components/yuan-rules';
import { PROVINCES } from './provinces';
import {
  emptyZone,
  MODE_LABELS,
  NEW_TEMPLATE,
  repeatedProvinces,
  templateToBody,
  templateToForm,
  UNIT,
  type FreightMode,
  type FreightTemplate,
  type TemplateForm,
} from './template-form';

const QUERY_KEY = ['admin-freight-templates'];

export default function FreightTemplatesPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data, error, isPending } = useQuery({
    queryKey: QUERY_KEY,
    queryFn: () => fetchData(api.GET('/api/admin/freight-templates')),
  });
  const [editing, setEditing] = useState<{ template?: FreightTemplate } | null>(null);

  async function remove(t: FreightTemplate) {
    try {
      await fetchNoContent(
        api.DELETE('/api/admin/freight-templates/{id}', { params: { path: { id: t.id } } }),
      );
      message.success(`已删除「${t.name}」`);
    } catch (e) {
      message.error(
        e instanceof ApiError && e.code === 'CONFLICT'
          ? '有商品在使用此模板，请先为这些商品更换模板'
          : errorText(e),
      );
    } finally {
      void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
    }
  }

  return (
    <PageContainer
      title="运费模板"
      content="实物商品按模板计算运费：同一模板的商品合并计费，不同模板的运费相加；不选模板的商品包邮。"
      extra={[
        <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
          新建模板
        </Button>,
      ]}
    >
      {error && <Alert type="error" showIcon message={error.message} style={{ marginBottom: 16 }} />}
      <Table<FreightTemplate>
        rowKey="id"
        loading={isPending}
        pagination={false}
        dataSource={data ?? []}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '计费方式', width: 100, render: (_, t) => <Tag>{MODE_LABELS[t.mode]}</Tag> },
          { title: '规则', dataIndex: 'summary' },
          {
            title: '操作',
            width: 140,
            render: (_, t) => (
              <Space size="middle">
                <a onClick={() => setEditing({ template: t })}>编辑</a>
                <Popconfirm
                  title={`删除运费模板「${t.name}」？`}
                  description="有商品在使用的模板不能删除。此操作不能撤销。"
                  okText="删除"
                  okButtonProps={{ danger: true }}
                  cancelText="取消"
                  onConfirm={() => remove(t)}
                >
                  <a style={{ color: '#ff4d4f' }}>删除</a>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <TemplateDrawer
          template={editing.template}
          onClose={(saved) => {
            setEditing(null);
            if (saved) void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
          }}
        />
      )}
    </PageContainer>
  );
}

/** The form fields of one zone (the default, or a region's) under `prefix`. */
function ZoneFields({ prefix, mode, label }: { prefix: NamePath; mode: FreightMode; label: string }) {
  const unit = UNIT[mode];
  return (
    <Row gutter={16}>
      {mode !== 'flat' && (
        <Col span={6}>
          <Form.Item
            name={[...prefix, 'firstUnits']}
            label={mode === 'weight' ? '首重（克）' : '首件（件）'}
            rules={[{ required: true, message: '必填' }]}
          >
            <InputNumber
              aria-label={`${label} 首${unit}`}
              min={0}
              max={1_000_000}
              precision={0}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
      )}
      <Col span={6}>
        <Form.Item
          name={[...prefix, 'firstFee']}
          label={mode === 'flat' ? '运费（元）' : '首费（元）'}
          rules={yuanRules({ required: true, label: mode === 'flat' ? '运费' : '首费' })}
        >
          <Input aria-label={`${label} ${mode === 'flat' ? '运费' : '首费'}`} prefix="¥" placeholder="0.00" />
        </Form.Item>
      </Col>
      {mode !== 'flat' && (
        <>
          <Col span={6}>
            <Form.Item
              name={[...prefix, 'nextUnits']}
              label={mode === 'weight' ? '续重（克）' : '续件（件）'}
              rules={[{ required: true, message: '必填' }]}
            >
              <InputNumber
                aria-label={`${label} 续${unit}`}
                min={1}
                max={1_000_000}
                precision={0}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name={[...prefix, 'nextFee']}
              label="续费（元）"
              rules={yuanRules({ required: true, label: '续费' })}
            >
              <Input aria-label={`${label} 续费`} prefix="¥" placeholder="0.00" />
            </Form.Item>
          </Col>
        </>
      )}
      <Col span={6}>
        <Form.Item
          name={[...prefix, 'freeOverAmount']}
          label="满额包邮（元）"
          rules={yuanRules({ label: '包邮金额' })}
        >
          <Input aria-label={`${label} 满额包邮`} prefix="¥" placeholder="不设置" />
        </Form.Item>
      </Col>
      <Col span={6}>
        <Form.Item name={[...prefix, 'freeOverCount']} label="满件包邮（件）">
          <InputNumber
            aria-label={`${label} 满件包邮`}
            min={1}
            max={100_000}
            precision={0}
            placeholder="不设置"
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** An issue of the backend at `path` shown on the field it names. */
function fieldForIssue(path: NamePath): NamePath | null {
  if (path[0] === 'name' || path[0] === 'excludedProvinces') return [path[0]];
  if (path[0] === 'regions' && typeof path[1] === 'number' && path[2] === 'provinces')
    return ['regions', path[1], 'provinces'];
  const zone = path[0] === 'base' ? ['base'] : path[0] === 'regions' ? ['regions', path[1]] : null;
  const rest = path[0] === 'base' ? path.slice(1) : path.slice(2);
  if (!zone) return null;
  if (rest[0] === 'rule' && typeof rest[1] === 'string') return [...zone, rest[1]];
  if (rest[0] === 'freeOverAmount' || rest[0] === 'freeOverCount') return [...zone, rest[0]];
  return null;
}

function TemplateDrawer({
  template,
  onClose,
}: {
  template?: FreightTemplate;
  onClose(saved: boolean): void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<TemplateForm>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const mode = Form.useWatch('mode', form) ?? template?.mode ?? 'flat';
  const regions = Form.useWatch('regions', form) ?? [];
  const excluded = Form.useWatch('excludedProvinces', form) ?? [];

  /** Provinces already named elsewhere than in the field at `own` (a region index, or 'excluded'). */
  const takenElsewhere = (own: number | 'excluded') =>
    new Set([
      ...(own === 'excluded' ? [] : excluded),
      ...regions.flatMap((r, i) => (i === own ? [] : (r?.provinces ?? []))),
    ]);
  const provinceOptions = (own: number | 'excluded') => {
    const taken = takenElsewhere(own);
    return PROVINCES.map((p) => ({ value: p, label: p, disabled: taken.has(p) }));
  };

  async function submit() {
    setProblem(null);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const all = form.getFieldsValue(true) as TemplateForm;
    const repeated = repeatedProvinces(all);
    if (repeated.size) {
      setProblem(`${[...repeated].join('、')} 出现了两次：每个省份只能在一个区域或不配送列表中`);
      return;
    }
    setSaving(true);
    try {
      const body = templateToBody(all);
      if (template) {
        await fetchData(
          api.PUT('/api/admin/freight-templates/{id}', { params: { path: { id: template.id } }, body }),
        );
      } else {
        await fetchData(api.POST('/api/admin/freight-templates', { body }));
      }
      message.success(`已保存「${body.name}」`);
      onClose(true);
    } catch (e) {
      const leftovers = showFieldErrors(form, e, fieldForIssue);
      if (leftovers) setProblem(leftovers.length ? leftovers.join('；') : '请按提示修改标红的内容');
      else if (e instanceof ApiError && e.code === 'CONFLICT') {
        form.setFields([{ name: 'name', errors: ['已有同名模板'] }]);
      } else setProblem(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      title={template ? `编辑运费模板「${template.name}」` : '新建运费模板'}
      open
      width={860}
      onClose={() => onClose(false)}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={() => onClose(false)}>取消</Button>
          <Button type="primary" loading={saving} onClick={submit}>
            保存模板
          </Button>
        </Space>
      }
    >
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
      <Form<TemplateForm>
        form={form}
        layout="vertical"
        initialValues={template ? templateToForm(template) : NEW_TEMPLATE}
        onValuesChange={(changed: Partial<TemplateForm>) => {
          if (changed.mode) {
            // units mean 件 or 克: start the new mode's units from its defaults
            const units = emptyZone(changed.mode);
            const reset = <Z extends object>(z: Z) => ({
              ...z,
              firstUnits: units.firstUnits,
              nextUnits: units.nextUnits,
            });
            form.setFieldsValue({
              base: reset(form.getFieldValue('base')),
              regions: (form.getFieldValue('regions') as TemplateForm['regions']).map(reset),
            });
          }
        }}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="name"
              label="模板名称"
              rules={[
                { required: true, whitespace: true, message: '请填写模板名称' },
                { max: 64, message: '最多 64 个字' },
              ]}
            >
              <Input maxLength={64} placeholder="如 普通快递" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="mode" label="计费方式">
              <Radio.Group
                optionType="button"
                options={Object.entries(MODE_LABELS).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary">
          {mode === 'flat' && '固定运费：每笔订单中使用此模板的商品合计收一次运费。'}
          {mode === 'count' && '按件数：首件内收首费，超出部分每满续件数（不足也算）加收续费。'}
          {mode === 'weight' &&
            '按重量：按商品重量（SKU 重量 × 数量）计算，首重内收首费，超出部分每满续重加收续费。'}
          满额包邮按使用此模板的商品金额计算，满件包邮按件数计算，达到其一即包邮。
        </Typography.Paragraph>
        <Card size="small" title="默认运费（未单独设置的地区）" style={{ marginBottom: 16 }}>
          <ZoneFields prefix={['base']} mode={mode} label="默认" />
        </Card>
        <Form.List name="regions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  title={`指定地区 ${i + 1}`}
                  style={{ marginBottom: 16 }}
                  extra={
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={`删除指定地区 ${i + 1}`}
                      onClick={() => remove(field.name)}
                    />
                  }
                >
                  <Form.Item
                    name={[field.name, 'provinces']}
                    label="地区"
                    rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个省份' }]}
                  >
                    <Select
                      mode="multiple"
                      aria-label={`指定地区 ${i + 1} 省份`}
                      options={provinceOptions(i)}
                      placeholder="选择省份"
                    />
                  </Form.Item>
                  <ZoneFields prefix={[field.name]} mode={mode} label={`指定地区 ${i + 1}`} />
                </Card>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                style={{ marginBottom: 16 }}
                disabled={fields.length >= 34}
                onClick={() => add({ ...emptyZone(mode), provinces: [] })}
              >
                为指定地区设置运费
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="excludedProvinces" label="不配送地区" extra="买家选择这些地区的地址时无法下单">
          <Select
            mode="multiple"
            aria-label="不配送地区"
            options={provinceOptions('excluded')}
            placeholder="无"
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
