import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Image,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tooltip,
} from 'antd';
import { useState } from 'react';
import { api, fetchData } from '../../api/client';
import { fetchNoContent } from '../../components/no-content';
import type { ApiData } from '../../components/api-types';
import { errorText, showFieldErrors } from '../../components/errors';
import { ImageListInput, type ImageItem } from '../../components/ImageListInput';

type Category = ApiData<'/api/admin/categories', 'get'>[number];
interface Node extends Category {
  children?: Node[];
}

interface CategoryForm {
  name: string;
  parentId: number;
  sortOrder: number | null;
  enabled: boolean;
  icon: ImageItem[];
}

const QUERY_KEY = ['admin-categories'];

/** Two levels, larger sortOrder first (then id), as the backend orders them. */
function toTree(categories: Category[]): Node[] {
  const tops = categories.filter((c) => c.parentId === null);
  return tops.map((top) => {
    const children = categories.filter((c) => c.parentId === top.id);
    return children.length ? { ...top, children } : { ...top };
  });
}

/** Sort values that put `ordered` in that order (10 apart, first largest), for the ones that change. */
function reorderPatches(ordered: Category[]): { id: number; sortOrder: number }[] {
  return ordered
    .map((c, i) => ({ id: c.id, sortOrder: (ordered.length - i) * 10, before: c.sortOrder }))
    .filter((c) => c.sortOrder !== c.before)
    .map(({ id, sortOrder }) => ({ id, sortOrder }));
}

export default function CategoriesPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data, error, isPending } = useQuery({
    queryKey: QUERY_KEY,
    queryFn: () => fetchData(api.GET('/api/admin/categories')),
  });
  const [editing, setEditing] = useState<{ category?: Category; parentId?: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const categories = data ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: QUERY_KEY });

  async function patch(id: number, body: Partial<Pick<Category, 'enabled' | 'sortOrder'>>) {
    await fetchData(api.PATCH('/api/admin/categories/{id}', { params: { path: { id } }, body }));
  }

  async function move(category: Category, direction: -1 | 1) {
    const siblings = categories.filter((c) => c.parentId === category.parentId);
    const from = siblings.findIndex((c) => c.id === category.id);
    const to = from + direction;
    if (to < 0 || to >= siblings.length) return;
    const ordered = [...siblings];
    ordered.splice(to, 0, ...ordered.splice(from, 1));
    setBusy(true);
    try {
      for (const change of reorderPatches(ordered)) await patch(change.id, { sortOrder: change.sortOrder });
      message.success('排序已更新');
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
      void refresh();
    }
  }

  async function toggle(category: Category, enabled: boolean) {
    try {
      await patch(category.id, { enabled });
      message.success(enabled ? `已启用「${category.name}」` : `已停用「${category.name}」`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      void refresh();
    }
  }

  async function remove(category: Category) {
    try {
      await fetchNoContent(
        api.DELETE('/api/admin/categories/{id}', { params: { path: { id: category.id } } }),
      );
      message.success(`已删除「${category.name}」`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      void refresh();
    }
  }

  return (
    <PageContainer
      title="商品分类"
      content="分类最多两级；排序靠前的分类在小程序中先显示。停用的分类不在小程序分类页出现，其中的商品仍可搜索和购买。"
      extra={[
        <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
          新建分类
        </Button>,
      ]}
    >
      {error && <Alert type="error" showIcon message={error.message} style={{ marginBottom: 16 }} />}
      <Table<Node>
        rowKey="id"
        loading={isPending || busy}
        pagination={false}
        dataSource={toTree(categories)}
        expandable={{ defaultExpandAllRows: true }}
        key={categories.length}
        columns={[
          { title: '名称', dataIndex: 'name' },
          {
            title: '图标',
            width: 80,
            render: (_, c) => (c.iconUrl ? <Image src={c.iconUrl} width={32} height={32} /> : '-'),
          },
          { title: '排序值', dataIndex: 'sortOrder', width: 90, align: 'right' },
          {
            title: '启用',
            width: 80,
            render: (_, c) => (
              <Switch
                size="small"
                aria-label={`${c.name} 启用`}
                checked={c.enabled}
                onChange={(v) => toggle(c, v)}
              />
            ),
          },
          {
            title: '操作',
            width: 320,
            render: (_, c) => {
              const siblings = categories.filter((s) => s.parentId === c.parentId);
              const index = siblings.findIndex((s) => s.id === c.id);
              return (
                <Space size="middle">
                  <Tooltip title="上移">
                    <Button
                      size="small"
                      icon={<ArrowUpOutlined />}
                      aria-label={`${c.name} 上移`}
                      disabled={index === 0}
                      onClick={() => move(c, -1)}
                    />
                  </Tooltip>
                  <Tooltip title="下移">
                    <Button
                      size="small"
                      icon={<ArrowDownOutlined />}
                      aria-label={`${c.name} 下移`}
                      disabled={index === siblings.length - 1}
                      onClick={() => move(c, 1)}
                    />
                  </Tooltip>
                  <a onClick={() => setEditing({ category: c })}>编辑</a>
                  {c.parentId === null && <a onClick={() => setEditing({ parentId: c.id })}>添加子分类</a>}
                  <Popconfirm
                    title={`删除分类「${c.name}」？`}
                    description="只能删除没有子分类、也没有商品的分类。此操作不能撤销。"
                    okText="删除"
                    okButtonProps={{ danger: true }}
                    cancelText="取消"
                    onConfirm={() => remove(c)}
                  >
                    <a style={{ color: '#ff4d4f' }}>删除</a>
                  </Popconfirm>
                </Space>
              );
            },
          },
        ]}
      />
      {editing && (
        <CategoryModal
          category={editing.category}
          parentId={editing.parentId}
          categories={categories}
          onClose={(saved) => {
            setEditing(null);
            if (saved) void refresh();
          }}
        />
      )}
    </PageContainer>
  );
}

interface ModalProps {
  category?: Category;
  parentId?: number;
  categories: Category[];
  onClose(saved: boolean): void;
}

function CategoryModal({ category, parentId, categories, onClose }: ModalProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CategoryForm>();
  const [saving, setSaving] = useState(false);
  const hasChildren = !!category && categories.some((c) => c.parentId === category.id);
  const parents = categories.filter((c) => c.parentId === null && c.id !== category?.id);

  async function submit() {
    const values = await form.validateFields();
    const body = {
      name: values.name.trim(),
      parentId: values.parentId || null,
      sortOrder: values.sortOrder ?? 0,
      enabled: values.enabled,
      icon: values.icon[0]?.ref ?? null,
    };
    setSaving(true);
    try {
      if (category) {
        await fetchData(
          api.PATCH('/api/admin/categories/{id}', { params: { path: { id: category.id } }, body }),
        );
        message.success(`已保存「${body.name}」`);
      } else {
        await fetchData(api.POST('/api/admin/categories', { body }));
        message.success(`已创建「${body.name}」`);
      }
      onClose(true);
    } catch (e) {
      const leftovers = showFieldErrors(form, e, (path) => (path[0] === 'icon' ? ['icon'] : path));
      message.error(leftovers?.length ? leftovers.join('；') : errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      title={category ? `编辑分类「${category.name}」` : '新建分类'}
      open
      onOk={submit}
      okText="保存"
      confirmLoading={saving}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Form<CategoryForm>
        form={form}
        layout="vertical"
        initialValues={{
          name: category?.name ?? '',
          parentId: category?.parentId ?? parentId ?? 0,
          sortOrder: category?.sortOrder ?? 0,
          enabled: category?.enabled ?? true,
          icon: category?.icon ? [{ ref: category.icon, url: category.iconUrl ?? category.icon }] : [],
        }}
      >
        <Form.Item
          name="name"
          label="分类名称"
          rules={[
            { required: true, whitespace: true, message: '请填写分类名称' },
            { max: 32, message: '最多 32 个字' },
          ]}
        >
          <Input maxLength={32} placeholder="如 日用百货" />
        </Form.Item>
        <Form.Item
          name="parentId"
          label="上级分类"
          extra={hasChildren ? '已有子分类的分类只能是一级分类' : '分类最多两级'}
        >
          <Select
            disabled={hasChildren}
            options={[
              { value: 0, label: '无（一级分类）' },
              ...parents.map((c) => ({ value: c.id, label: c.name })),
            ]}
          />
        </Form.Item>
        <Form.Item name="sortOrder" label="排序值" extra="数字越大越靠前">
          <InputNumber min={-1_000_000} max={1_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="enabled" label="启用" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="icon" label="图标（选填）">
          <ImageListInput max={1} label="分类图标" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
