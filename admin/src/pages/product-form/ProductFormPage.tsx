import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { FooterToolbar, PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  TreeSelect,
  Typography,
} from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/api-error';
import { api, fetchData } from '../../api/client';
import { errorText, showFieldErrors, type NamePath } from '../../components/errors';
import { ImageListInput } from '../../components/ImageListInput';
import { FullPageSpin } from '../../layout/FullPageSpin';
import { fromProduct, NEW_PRODUCT, toProductBody, type ProductFormValues } from './product-payload';
import { dimProblems, duplicateCodes, mergeRows, SPEC_LIMITS, usableDims, type SkuRow } from './sku-matrix';
import { SkuMatrix } from './SkuMatrix';
import { KIND_LABELS, type AdminProduct, type Category, type FreightTemplate } from './types';

const SKU_FIELDS = ['price', 'costPrice', 'stock', 'weightGrams', 'skuCode', 'status'];
const TOP_FIELDS = ['title', 'subtitle', 'kind', 'categoryId', 'freightTemplateId', 'sortOrder', 'status'];

/** The form field that shows a backend issue at `path`, or null (then it is listed above the form). */
function fieldForIssue(path: NamePath): NamePath | null {
  const [head, index, leaf] = path;
  if (typeof head === 'string' && TOP_FIELDS.includes(head) && path.length === 1) return path;
  if (head === 'images') return ['images'];
  if (head === 'skus' && typeof index === 'number' && typeof leaf === 'string' && SKU_FIELDS.includes(leaf))
    return ['skus', index, leaf];
  if (head === 'specs' && typeof index === 'number' && (leaf === 'name' || leaf === 'values'))
    return ['specs', index, leaf];
  if (head === 'detail' && typeof index === 'number')
    return ['detail', index, leaf === 'url' ? 'image' : 'text'];
  return null;
}

function describeIssue(path: NamePath, values: ProductFormValues): string {
  const [head, index] = path;
  if (head === 'skus' && typeof index === 'number') {
    // the body's SKUs are the enabled rows, in order
    const row = values.skus.filter((r) => r.enabled)[index];
    const text = row ? Object.values(row.specs).join(' / ') : '';
    return `第 ${index + 1} 个 SKU${text ? `（${text}）` : ''}`;
  }
  if (head === 'skus') return 'SKU';
  if (head === 'specs') return '规格';
  if (head === 'labels') return '标签';
  return path.join('.');
}

function categoryTree(categories: Category[]) {
  const label = (c: Category) => (c.enabled ? c.name : `${c.name}（已停用）`);
  return categories
    .filter((c) => c.parentId === null)
    .map((top) => ({
      value: top.id,
      title: label(top),
      children: categories
        .filter((c) => c.parentId === top.id)
        .map((c) => ({ value: c.id, title: label(c) })),
    }));
}

export default function ProductFormPage() {
  const params = useParams();
  const id = params.id ? Number(params.id) : undefined;
  const product = useQuery({
    queryKey: ['admin-product', id],
    queryFn: () => fetchData(api.GET('/api/admin/products/{id}', { params: { path: { id: id! } } })),
    enabled: id !== undefined && Number.isInteger(id),
    // a form must start from what is saved now, not from a cached copy
    gcTime: 0,
  });
  const categories = useQuery({
    queryKey: ['admin-categories'],
    queryFn: () => fetchData(api.GET('/api/admin/categories')),
  });
  const templates = useQuery({
    queryKey: ['admin-freight-templates'],
    queryFn: () => fetchData(api.GET('/api/admin/freight-templates')),
  });

  const error = product.error ?? categories.error ?? templates.error;
  if (error) return <Alert type="error" showIcon message={error.message} />;
  if ((id !== undefined && !product.data) || !categories.data || !templates.data) return <FullPageSpin />;
  return (
    <ProductForm
      key={product.data?.updatedAt ?? 'new'}
      product={product.data}
      categories={categories.data}
      templates={templates.data}
    />
  );
}

interface FormProps {
  product?: AdminProduct;
  categories: Category[];
  templates: FreightTemplate[];
}

function ProductForm({ product, categories, templates }: FormProps) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ProductFormValues>();
  const initial = useMemo(() => (product ? fromProduct(product) : NEW_PRODUCT), [product]);
  const [dims, setDims] = useState(() => usableDims(initial.specs));
  const dimsRef = useRef(dims);
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form) ?? initial.kind;
  const specs = Form.useWatch('specs', form) ?? initial.specs;
  const specProblems = dimProblems(specs);

  /** The specs changed: rebuild the matrix, keeping what was typed for the combinations that stay. */
  function regenerate(next: ProductFormValues['specs']) {
    const nextDims = usableDims(next);
    if (JSON.stringify(nextDims) === JSON.stringify(dimsRef.current)) return;
    if (dimProblems(next).some((p) => p.startsWith('规格组合最多'))) return;
    const rows = mergeRows(dimsRef.current, form.getFieldValue('skus') as SkuRow[], nextDims);
    dimsRef.current = nextDims;
    setDims(nextDims);
    form.setFieldValue('skus', rows);
  }

  /** Checks across fields that antd's per-field rules cannot see; true when the form may be sent. */
  function crossCheck(values: ProductFormValues): boolean {
    const found: string[] = [...dimProblems(values.specs)];
    const enabled = values.skus.filter((r) => r.enabled);
    if (enabled.length === 0) found.push('至少要有一个销售的规格组合');
    const dup = duplicateCodes(enabled);
    if (dup.size) {
      form.setFields(
        values.skus.flatMap((row, i) =>
          row.enabled && dup.has(row.skuCode.trim())
            ? [{ name: ['skus', i, 'skuCode'], errors: ['SKU 编码不能重复'] }]
            : [],
        ),
      );
      found.push('SKU 编码不能重复');
    }
    if (values.status === 'on_sale' && !enabled.some((r) => r.status === 'on_sale')) {
      form.setFields([{ name: 'status', errors: ['上架的商品至少要有一个在售 SKU'] }]);
      found.push('上架的商品至少要有一个在售 SKU');
    }
    setProblems(found);
    return found.length === 0;
  }

  async function save() {
    setProblems([]);
    try {
      await form.validateFields();
    } catch {
      setProblems(['请按提示修改标红的内容']);
      return;
    }
    const values = form.getFieldsValue(true) as ProductFormValues;
    if (!crossCheck(values)) return;
    const body = toProductBody(values);
    setSaving(true);
    try {
      const saved = product
        ? await fetchData(api.PUT('/api/admin/products/{id}', { params: { path: { id: product.id } }, body }))
        : await fetchData(api.POST('/api/admin/products', { body }));
      message.success(product ? `已保存「${saved.title}」` : `已创建「${saved.title}」`);
      void queryClient.invalidateQueries({ queryKey: ['admin-product', saved.id] });
      navigate('/products');
    } catch (e) {
      const leftovers = showFieldErrors(form, e, fieldForIssue, (path) => describeIssue(path, values));
      if (leftovers) {
        setProblems(leftovers.length ? leftovers : ['请按提示修改标红的内容']);
      } else if (e instanceof ApiError && e.code === 'CONFLICT') {
        const field = (e.details as { field?: string } | undefined)?.field;
        setProblems([field === 'skuCode' ? 'SKU 编码已被其他商品使用，请换一个' : e.message]);
      } else {
        setProblems([errorText(e)]);
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <PageContainer
      title={product ? `编辑商品：${product.title}` : '新建商品'}
      onBack={() => navigate('/products')}
    >
      <Form<ProductFormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        scrollToFirstError
        onValuesChange={(changed: Partial<ProductFormValues>, all: ProductFormValues) => {
          if ('specs' in changed) regenerate(all.specs);
          if (changed.kind && changed.kind !== 'physical') form.setFieldValue('freightTemplateId', 0);
        }}
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
            data-testid="form-problems"
          />
        )}
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card title="基本信息">
            <Row gutter={24}>
              <Col xs={24} lg={12}>
                <Form.Item
                  name="title"
                  label="商品名称"
                  rules={[
                    { required: true, whitespace: true, message: '请填写商品名称' },
                    { max: 120, message: '最多 120 个字' },
                  ]}
                >
                  <Input placeholder="商品名称" maxLength={120} showCount />
                </Form.Item>
              </Col>
              <Col xs={24} lg={12}>
                <Form.Item name="subtitle" label="副标题" rules={[{ max: 200, message: '最多 200 个字' }]}>
                  <Input placeholder="一句话卖点（选填）" maxLength={200} />
                </Form.Item>
              </Col>
              <Col xs={24} lg={12}>
                <Form.Item name="categoryId" label="分类" rules={[{ required: true, message: '请选择分类' }]}>
                  <TreeSelect
                    treeData={categoryTree(categories)}
                    placeholder="选择分类"
                    treeDefaultExpandAll
                    showSearch
                    treeNodeFilterProp="title"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} lg={12}>
                <Form.Item name="kind" label="商品类型" rules={[{ required: true }]}>
                  <Radio.Group
                    optionType="button"
                    options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} lg={12}>
                <Form.Item
                  name="freightTemplateId"
                  label="运费模板"
                  extra={kind === 'physical' ? '不选模板即包邮' : '虚拟商品和到店服务不发货，没有运费'}
                >
                  <Select
                    disabled={kind !== 'physical'}
                    options={[
                      { value: 0, label: '包邮（不使用模板）' },
                      ...templates.map((t) => ({ value: t.id, label: `${t.name}（${t.summary}）` })),
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} lg={6}>
                <Form.Item name="sortOrder" label="排序" extra="数字越大越靠前">
                  <InputNumber min={-1_000_000} max={1_000_000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} lg={6}>
                <Form.Item label="标签">
                  <Space>
                    <Form.Item name={['labels', 'special']} valuePropName="checked" noStyle>
                      <Checkbox>特价</Checkbox>
                    </Form.Item>
                    <Form.Item name={['labels', 'memberPrice']} valuePropName="checked" noStyle>
                      <Checkbox>会员专享价</Checkbox>
                    </Form.Item>
                  </Space>
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item name="status" label="上架状态">
                  <Radio.Group
                    options={[
                      { value: 'off_shelf', label: '暂不上架（放入仓库）' },
                      { value: 'on_sale', label: '立即上架' },
                    ]}
                  />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card title="商品图片">
            <Form.Item
              name="images"
              extra="第一张为封面，最多 20 张；支持 JPG、PNG、GIF、WebP，单张不超过 10 MB"
              rules={[
                { required: true, type: 'array', min: 1, message: '请至少上传一张商品图片' },
                { type: 'array', max: 20, message: '最多 20 张图片' },
              ]}
            >
              <ImageListInput max={20} label="商品图片" />
            </Form.Item>
          </Card>

          <Card title="规格与库存">
            <Form.List name="specs">
              {(fields, { add, remove }) => (
                <Space direction="vertical" style={{ width: '100%' }}>
                  {fields.map((field, i) => (
                    <Space key={field.key} align="start" wrap>
                      <Form.Item
                        name={[field.name, 'name']}
                        rules={[
                          { required: true, whitespace: true, message: '请填写规格名' },
                          { max: SPEC_LIMITS.nameLength, message: `最多 ${SPEC_LIMITS.nameLength} 个字` },
                        ]}
                        style={{ marginBottom: 8 }}
                      >
                        <Input
                          aria-label={`规格 ${i + 1} 名称`}
                          placeholder="规格名，如 颜色"
                          style={{ width: 160 }}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'values']}
                        rules={[
                          { required: true, type: 'array', min: 1, message: '至少一个规格值' },
                          {
                            type: 'array',
                            max: SPEC_LIMITS.values,
                            message: `最多 ${SPEC_LIMITS.values} 个值`,
                          },
                          {
                            validator: async (_, values: string[] | undefined) => {
                              if ((values ?? []).some((v) => v.trim().length > SPEC_LIMITS.valueLength))
                                throw new Error(`每个规格值最多 ${SPEC_LIMITS.valueLength} 个字`);
                            },
                          },
                        ]}
                        style={{ marginBottom: 8 }}
                      >
                        <Select
                          mode="tags"
                          aria-label={`规格 ${i + 1} 的值`}
                          placeholder="输入规格值后回车，如 红色"
                          tokenSeparators={[',', '，']}
                          style={{ minWidth: 360 }}
                        />
                      </Form.Item>
                      <Button
                        icon={<DeleteOutlined />}
                        aria-label={`删除规格 ${i + 1}`}
                        onClick={() => {
                          remove(field.name);
                          regenerate(form.getFieldValue('specs'));
                        }}
                      />
                    </Space>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    disabled={fields.length >= SPEC_LIMITS.dims}
                    onClick={() => add({ name: '', values: [] })}
                  >
                    添加规格（最多 {SPEC_LIMITS.dims} 种）
                  </Button>
                </Space>
              )}
            </Form.List>
            {specProblems.length > 0 && (
              <Alert type="warning" showIcon style={{ margin: '12px 0' }} message={specProblems.join('；')} />
            )}
            {product && (
              <Typography.Paragraph type="secondary" style={{ margin: '12px 0' }}>
                SKU 由规格值组合决定：修改规格名或规格值会生成新的 SKU，原 SKU
                停售并保留在历史订单中。库存只在改动时提交。
              </Typography.Paragraph>
            )}
            <div style={{ marginTop: 16 }}>
              <SkuMatrix form={form} dims={dims} />
            </div>
          </Card>

          <Card title="商品详情">
            <Form.List name="detail">
              {(fields, { add, remove, move }) => (
                <Space direction="vertical" style={{ width: '100%' }}>
                  {fields.map((field, i) => {
                    const type = form.getFieldValue(['detail', field.name, 'type']) as 'text' | 'image';
                    return (
                      <div key={field.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                        <div style={{ flex: 1, minWidth: 0 }}>
                          {type === 'text' ? (
                            <Form.Item
                              name={[field.name, 'text']}
                              rules={[
                                { required: true, whitespace: true, message: '请填写段落内容' },
                                { max: 5000, message: '每段最多 5000 个字' },
                              ]}
                              style={{ marginBottom: 8 }}
                            >
                              <Input.TextArea
                                aria-label={`详情第 ${i + 1} 段`}
                                autoSize={{ minRows: 2, maxRows: 8 }}
                                maxLength={5000}
                              />
                            </Form.Item>
                          ) : (
                            <Form.Item
                              name={[field.name, 'image']}
                              rules={[{ required: true, type: 'array', min: 1, message: '请上传图片' }]}
                              style={{ marginBottom: 8 }}
                            >
                              <ImageListInput max={1} label={`详情第 ${i + 1} 段图片`} />
                            </Form.Item>
                          )}
                        </div>
                        <Button
                          icon={<ArrowUpOutlined />}
                          aria-label="上移"
                          disabled={i === 0}
                          onClick={() => move(i, i - 1)}
                        />
                        <Button
                          icon={<ArrowDownOutlined />}
                          aria-label="下移"
                          disabled={i === fields.length - 1}
                          onClick={() => move(i, i + 1)}
                        />
                        <Button
                          icon={<DeleteOutlined />}
                          aria-label="删除此段"
                          onClick={() => remove(field.name)}
                        />
                      </div>
                    );
                  })}
                  <Space>
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      disabled={fields.length >= 100}
                      onClick={() => add({ type: 'text', text: '' })}
                    >
                      添加文字
                    </Button>
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      disabled={fields.length >= 100}
                      onClick={() => add({ type: 'image', image: [] })}
                    >
                      添加图片
                    </Button>
                  </Space>
                </Space>
              )}
            </Form.List>
          </Card>
        </Space>
      </Form>
      <FooterToolbar>
        <Button onClick={() => navigate('/products')}>取消</Button>
        <Button type="primary" loading={saving} onClick={save}>
          {product ? '保存修改' : '创建商品'}
        </Button>
      </FooterToolbar>
    </PageContainer>
  );
}
