import { canonicalHash, canonicalJson, newNumber } from './numbers';
import { csvCell, csvRow } from './csv';
import { mergeItems, orderKindOf } from './rules';
import { buildShippingInfo, itemDescription, maskPhone } from './shipping-upload';

describe('orderKindOf', () => {
  it('takes the one kind, physical for physical with virtual, and refuses a local service with others', () => {
    expect(orderKindOf(['virtual', 'virtual'])).toBe('virtual');
    expect(orderKindOf(['local_service'])).toBe('local_service');
    expect(orderKindOf(['virtual', 'physical'])).toBe('physical');
    expect(() => orderKindOf(['local_service', 'physical'])).toThrow(
      expect.objectContaining({ code: 'BUSINESS_RULE' }),
    );
    expect(() => orderKindOf(['local_service', 'virtual'])).toThrow(
      expect.objectContaining({ code: 'BUSINESS_RULE' }),
    );
  });

  it('merges a SKU named twice', () => {
    expect(
      mergeItems([
        { skuId: 2, quantity: 1 },
        { skuId: 3, quantity: 1 },
        { skuId: 2, quantity: 4 },
      ]),
    ).toEqual([
      { skuId: 2, quantity: 5 },
      { skuId: 3, quantity: 1 },
    ]);
  });
});

describe('numbers and hashes', () => {
  it('makes order numbers from the shop date and 10 random digits', () => {
    // 2026-11-25T17:00Z is already the 26th in Shanghai
    const n = newNumber(new Date('2026-11-25T17:00:00Z'), 'Asia/Shanghai');
    expect(n).toMatch(/^20261126\d{10}$/);
    expect(newNumber(new Date('2026-11-25T17:00:00Z'), 'Asia/Shanghai', 'S')).toMatch(/^S20261126\d{10}$/);
    const many = new Set(Array.from({ length: 1000 }, () => newNumber(new Date(), 'Asia/Shanghai')));
    expect(many.size).toBe(1000);
  });

  it('hashes bodies by meaning: key order and undefined fields do not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe('{"a":[{"x":1,"y":2}],"b":1}');
    expect(canonicalHash({ items: [{ skuId: 1, quantity: 2 }], remark: undefined })).toBe(
      canonicalHash({ items: [{ quantity: 2, skuId: 1 }] }),
    );
    expect(canonicalHash({ items: [{ skuId: 1, quantity: 2 }] })).not.toBe(
      canonicalHash({ items: [{ skuId: 1, quantity: 3 }] }),
    );
  });
});

describe('csv', () => {
  it('quotes separators and defuses formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvRow(['订单', 1])).toBe('订单,1\r\n');
  });
});

describe('shipping info', () => {
  const base = {
    transactionId: '4200000001',
    payerOpenid: 'o-1',
    lineTitles: new Map([
      [1, '卫衣'],
      [2, '帽子'],
    ]),
    address: {
      name: '张三',
      phone: '13812345678',
      province: '广东省',
      city: '深圳市',
      district: '南山区',
      detail: 'x',
    },
    now: new Date('2026-11-26T02:00:00Z'),
    timezone: 'Asia/Shanghai',
  };

  it('reports several packages as a split express delivery, all delivered', () => {
    const info = buildShippingInfo({
      ...base,
      kind: 'physical',
      packages: [
        { carrier: 'SF', trackingNo: 'SF1', lineIds: [1] },
        { carrier: 'ZTO', trackingNo: 'Z2', lineIds: [2] },
      ],
    });
    expect(info).toMatchObject({
      order_key: { order_number_type: 2, transaction_id: '4200000001' },
      logistics_type: 1,
      delivery_mode: 2,
      is_all_delivered: true,
      upload_time: '2026-11-26T10:00:00.000+08:00',
      payer: { openid: 'o-1' },
    });
    expect(info.shipping_list).toEqual([
      {
        tracking_no: 'SF1',
        express_company: 'SF',
        item_desc: '卫衣',
        contact: { receiver_contact: '138****5678' },
      },
      {
        tracking_no: 'Z2',
        express_company: 'ZTO',
        item_desc: '帽子',
        contact: { receiver_contact: '138****5678' },
      },
    ]);
  });

  it('uses the no-logistics modes for virtual and local-service orders', () => {
    expect(buildShippingInfo({ ...base, kind: 'virtual', packages: [] })).toMatchObject({
      logistics_type: 3,
      delivery_mode: 1,
      shipping_list: [{ item_desc: '卫衣；帽子' }],
    });
    expect(buildShippingInfo({ ...base, kind: 'local_service', packages: [] }).logistics_type).toBe(4);
  });

  it('keeps descriptions within 120 characters and masks phones', () => {
    expect([...itemDescription(['长'.repeat(200)])]).toHaveLength(120);
    expect(maskPhone('+86 138-1234-5678')).toBe('861****5678');
    expect(maskPhone('123')).toBe('****');
  });
});
