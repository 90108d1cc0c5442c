/** Carriers by WeChat's delivery_id (what the API takes as `carrier`), with the names shoppers know. */
export const CARRIERS: { code: string; name: string }[] = [
  { code: 'SF', name: '顺丰速运' },
  { code: 'ZTO', name: '中通快递' },
  { code: 'YTO', name: '圆通速递' },
  { code: 'STO', name: '申通快递' },
  { code: 'YD', name: '韵达快递' },
  { code: 'JTSD', name: '极兔速递' },
  { code: 'EMS', name: '中国邮政 EMS' },
  { code: 'JD', name: '京东物流' },
];

export const carrierName = (code: string): string => CARRIERS.find((c) => c.code === code)?.name ?? code;

/** The API's tracking number rule: letters, digits and -, 4 to 64 of them. */
export const TRACKING_NO = /^[A-Za-z0-9-]{4,64}$/;
