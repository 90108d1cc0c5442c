import {
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Space,
  Switch,
  Table,
  Tooltip,
  Typography,
  type FormInstance,
} from 'antd';
import type { FormListFieldData } from 'antd/es/form';
import type { Rule, RuleObject } from 'antd/es/form';
import { useState } from 'react';
import { yuanRules } from '../../components/yuan-rules';
import { PriceHistoryLink } from './PriceHistoryLink';
import { SPEC_LIMITS, specText, type SkuRow, type SpecDim } from './sku-matrix';

interface Props {
  form: FormInstance;
  dims: SpecDim[];
}

interface BatchValues {
  price: string;
  costPrice: string;
  stock: number | null;
  weightGrams: number | null;
}

const EMPTY_BATCH: BatchValues = { price: '', costPrice: '', stock: null, weightGrams: null };

/** Rules that apply only while the row is sold (a left-out combination is not sent, so not checked). */
function whenEnabled(index: number, rules: RuleObject[]): Rule[] {
  return rules.map(
    (rule) =>
      ({ getFieldValue }: { getFieldValue: FormInstance['getFieldValue'] }) =>
        getFieldValue(['skus', index, 'enabled']) === false ? {} : rule,
  );
}

/**
 * One row per combination of spec values (the backend's SKUs): price and cost in yuan, stock, weight in
 * grams, SKU code, on sale. The dimensions above it drive the rows; this table edits what is in them.
 */
export function SkuMatrix({ form, dims }: Props) {
  const [batch, setBatch] = useState<BatchValues>(EMPTY_BATCH);
  const rowName = (index: number) => {
    const specs = form.getFieldValue(['skus', index, 'specs']) as Record<string, string> | undefined;
    return (specs && specText(specs, dims)) || '默认规格';
  };

  function applyBatch() {
    const rows = (form.getFieldValue('skus') as SkuRow[]).map((row) =>
      row.enabled
        ? {
            ...row,
            ...(batch.price.trim() ? { price: batch.price.trim() } : {}),
            ...(batch.costPrice.trim() ? { costPrice: batch.costPrice.trim() } : {}),
            ...(batch.stock !== null ? { stock: batch.stock } : {}),
            ...(batch.weightGrams !== null ? { weightGrams: batch.weightGrams } : {}),
          }
        : row,
    );
    form.setFieldValue('skus', rows);
    void form.validateFields(rows.map((_, i) => ['skus', i, 'price']));
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {dims.length > 0 && (
        <Space wrap>
          <Typography.Text type="secondary">批量设置：</Typography.Text>
          <Input
            aria-label="批量售价"
            placeholder="售价（元）"
            prefix="¥"
            style={{ width: 130 }}
            value={batch.price}
            onChange={(e) => setBatch({ ...batch, price: e.target.value })}
          />
          <Input
            aria-label="批量成本价"
            placeholder="成本价（元）"
            prefix="¥"
            style={{ width: 130 }}
            value={batch.costPrice}
            onChange={(e) => setBatch({ ...batch, costPrice: e.target.value })}
          />
          <InputNumber
            aria-label="批量库存"
            placeholder="库存"
            min={0}
            max={SPEC_LIMITS.maxStock}
            precision={0}
            value={batch.stock}
            onChange={(v) => setBatch({ ...batch, stock: v })}
          />
          <InputNumber
            aria-label="批量重量"
            placeholder="重量（克）"
            min={0}
            max={SPEC_LIMITS.maxWeight}
            precision={0}
            value={batch.weightGrams}
            onChange={(v) => setBatch({ ...batch, weightGrams: v })}
          />
          <Button onClick={applyBatch}>应用到全部</Button>
        </Space>
      )}
      <Form.List name="skus">
        {(fields) => (
          <Table<FormListFieldData>
            rowKey="key"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={fields}
            columns={[
              ...(dims.length > 0
                ? [
                    {
                      title: <Tooltip title="不卖的组合可以取消，取消的组合不会生成 SKU">销售</Tooltip>,
                      width: 56,
                      render: (_: unknown, field: FormListFieldData) => (
                        <Form.Item name={[field.name, 'enabled']} valuePropName="checked" noStyle>
                          <Checkbox
                            aria-label={`${rowName(field.name)} 销售`}
                            onChange={() => void form.validateFields([['skus', field.name, 'price']])}
                          />
                        </Form.Item>
                      ),
                    },
                  ]
                : []),
              ...dims.map((dim) => ({
                title: dim.name,
                render: (_: unknown, field: FormListFieldData) =>
                  (form.getFieldValue(['skus', field.name, 'specs']) as Record<string, string>)?.[dim.name],
              })),
              {
                title: '售价（元）',
                width: 150,
                render: (_, field) => (
                  <Form.Item
                    name={[field.name, 'price']}
                    style={{ margin: 0 }}
                    rules={whenEnabled(field.name, yuanRules({ required: true, label: '售价' }))}
                  >
                    <Input prefix="¥" aria-label={`${rowName(field.name)} 售价`} placeholder="0.00" />
                  </Form.Item>
                ),
              },
              {
                title: '成本价（元）',
                width: 150,
                render: (_, field) => (
                  <Form.Item
                    name={[field.name, 'costPrice']}
                    style={{ margin: 0 }}
                    rules={whenEnabled(field.name, yuanRules({ label: '成本价' }))}
                  >
                    <Input prefix="¥" aria-label={`${rowName(field.name)} 成本价`} placeholder="0.00" />
                  </Form.Item>
                ),
              },
              {
                title: '库存',
                width: 130,
                render: (_, field) => (
                  <Form.Item
                    name={[field.name, 'stock']}
                    style={{ margin: 0 }}
                    rules={whenEnabled(field.name, [{ required: true, message: '请填写库存' }])}
                  >
                    <InputNumber
                      aria-label={`${rowName(field.name)} 库存`}
                      min={0}
                      max={SPEC_LIMITS.maxStock}
                      precision={0}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                ),
              },
              {
                title: '重量（克）',
                width: 130,
                render: (_, field) => (
                  <Form.Item name={[field.name, 'weightGrams']} style={{ margin: 0 }}>
                    <InputNumber
                      aria-label={`${rowName(field.name)} 重量`}
                      min={0}
                      max={SPEC_LIMITS.maxWeight}
                      precision={0}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                ),
              },
              {
                title: 'SKU 编码',
                width: 170,
                render: (_, field) => (
                  <Form.Item
                    name={[field.name, 'skuCode']}
                    style={{ margin: 0 }}
                    rules={whenEnabled(field.name, [
                      {
                        pattern: SPEC_LIMITS.skuCodePattern,
                        message: '只能包含字母、数字和 _ . -（1–64 位）',
                      },
                    ])}
                  >
                    <Input aria-label={`${rowName(field.name)} SKU 编码`} placeholder="选填" />
                  </Form.Item>
                ),
              },
              {
                title: '在售',
                width: 64,
                render: (_, field) => (
                  <Form.Item
                    name={[field.name, 'status']}
                    noStyle
                    getValueProps={(status) => ({ checked: status === 'on_sale' })}
                    normalize={(checked: boolean) => (checked ? 'on_sale' : 'off_shelf')}
                  >
                    <Switch size="small" aria-label={`${rowName(field.name)} 在售`} />
                  </Form.Item>
                ),
              },
              {
                title: '调价记录',
                width: 90,
                render: (_, field) => {
                  const id = form.getFieldValue(['skus', field.name, 'id']) as number | undefined;
                  return id ? <PriceHistoryLink skuId={id} title={rowName(field.name)} /> : '-';
                },
              },
            ]}
          />
        )}
      </Form.List>
    </Space>
  );
}
