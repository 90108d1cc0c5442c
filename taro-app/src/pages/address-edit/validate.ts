import type { NewAddress } from '../../services/api-types';

export type AddressFields = Omit<NewAddress, 'isDefault'>;
export type AddressErrors = Partial<Record<keyof AddressFields, string>>;

/** The API's rule (backend modules/account/schemas.ts): a mainland mobile, or a landline with its area code. */
export const CONTACT_PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

const length = (v: string) => [...v.trim()].length;

/** The same checks as the API, with Chinese messages; an empty result means the server should accept it. */
export function validateAddress(a: AddressFields): AddressErrors {
  const e: AddressErrors = {};
  if (length(a.name) < 1) e.name = '请填写收货人';
  else if (length(a.name) > 32) e.name = '收货人最多 32 个字';
  if (!CONTACT_PHONE.test(a.phone.trim())) e.phone = '请填写 11 位手机号，或带区号的固话';
  if (length(a.province) < 1) e.province = '请填写省份';
  else if (length(a.province) > 32) e.province = '省份最多 32 个字';
  if (length(a.city) < 1) e.city = '请填写城市';
  else if (length(a.city) > 32) e.city = '城市最多 32 个字';
  if (length(a.district) > 32) e.district = '区县最多 32 个字';
  if (length(a.detail) < 2) e.detail = '请填写详细地址（至少 2 个字）';
  else if (length(a.detail) > 120) e.detail = '详细地址最多 120 个字';
  return e;
}

export const trimmed = (a: AddressFields): AddressFields => ({
  name: a.name.trim(),
  phone: a.phone.trim(),
  province: a.province.trim(),
  city: a.city.trim(),
  district: a.district.trim(),
  detail: a.detail.trim(),
});
