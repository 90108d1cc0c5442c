import { z } from 'zod';
import { ADMIN_ROLES } from '../../platform/http/access';

export const adminRole = z.enum(ADMIN_ROLES);

export const adminProfile = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: adminRole,
  status: z.enum(['active', 'frozen', 'deleted']),
});

export const shopperProfile = z.object({
  id: z.number().int(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  phone: z.string().nullable(),
  privacyAccepted: z.boolean(),
  privacyVersion: z.string().nullable(),
  personalizedRecommendations: z.boolean(),
});

export const tokenFields = { token: z.string(), expiresIn: z.number().int() };

export const adminLoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
});
export const adminLoginResult = z.object({ ...tokenFields, admin: adminProfile });

export const devLoginBody = z.object({
  openid: z
    .string()
    .regex(/^[A-Za-z0-9_-]{6,64}$/)
    .optional(),
  nickname: z.string().trim().min(1).max(32).optional(),
});
export const wechatLoginBody = z.object({ code: z.string().min(1).max(128) });
export const shopperLoginResult = z.object({ ...tokenFields, shopper: shopperProfile });

export const privacyGuide = z.object({ version: z.string(), title: z.string(), text: z.string() });
export const acceptPrivacyBody = z.object({ version: z.string().min(1).max(16) });

export const idParams = z.object({ id: z.coerce.number().int().positive() });

export const createAdminBody = z.object({
  username: z.string().regex(/^[a-z0-9_.-]{3,32}$/, 'lowercase letters, digits, _ . - (3–32)'),
  displayName: z.string().trim().min(1).max(32),
  password: z.string().min(8).max(128),
  role: adminRole,
});
export const updateAdminBody = z
  .object({
    displayName: z.string().trim().min(1).max(32).optional(),
    role: adminRole.optional(),
    status: z.enum(['active', 'frozen']).optional(),
    password: z.string().min(8).max(128).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const freezeBody = z.object({ reason: z.string().trim().min(1).max(200) });

export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const auditQuery = z.object({
  ...pageQuery,
  action: z.string().max(96).optional(),
  actorId: z.coerce.number().int().positive().optional(),
  subjectType: z.string().max(48).optional(),
});

export const auditEntry = z.object({
  id: z.number().int(),
  actorKind: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  createdAt: z.string(),
});

export const phoneBody = z.object({ code: z.string().min(1).max(128) });

export const settingsBody = z
  .object({ personalizedRecommendations: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

/** 注销: the shopper types the word to confirm, as the apps ask. */
export const deleteAccountBody = z.object({ confirm: z.literal('注销') });

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
/** mainland mobile (1xxxxxxxxxx) or landline with area code (0xx-xxxxxxxx, the dash optional) */
const contactPhone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, 'a mainland mobile or landline number');

export const addressFields = {
  name: text(1, 32),
  phone: contactPhone,
  province: text(1, 32),
  city: text(1, 32),
  // some prefecture-level cities (东莞, 中山, 嘉峪关…) have no county level: the district may be empty
  district: z.string().trim().max(32).default(''),
  detail: text(2, 120),
};
export const createAddressBody = z.object({ ...addressFields, isDefault: z.boolean().optional() });
export const updateAddressBody = z
  .object({
    name: addressFields.name.optional(),
    phone: addressFields.phone.optional(),
    province: addressFields.province.optional(),
    city: addressFields.city.optional(),
    district: z.string().trim().max(32).optional(),
    detail: addressFields.detail.optional(),
    isDefault: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const address = z.object({
  id: z.number().int(),
  name: z.string(),
  phone: z.string(),
  province: z.string(),
  city: z.string(),
  district: z.string(),
  detail: z.string(),
  isDefault: z.boolean(),
});

export const accountStatus = z.enum(['active', 'frozen', 'deleted']);

export const shopperExport = z.object({
  format: z.literal('mall.shopper-export.v1'),
  exportedAt: z.string(),
  shopperId: z.number().int(),
  sections: z.record(z.string(), z.unknown()),
});

export const shopperSearchQuery = z.object({
  ...pageQuery,
  /** a shopper id, a phone number (or its start) or part of a nickname */
  q: z.string().trim().min(1).max(64).optional(),
  status: accountStatus.optional(),
});

export const adminShopper = z.object({
  id: z.number().int(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  /** masked (138****8000) for the service role */
  phone: z.string().nullable(),
  status: accountStatus,
  privacyAccepted: z.boolean(),
  personalizedRecommendations: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
});

export const privacyConsent = z.object({
  version: z.string(),
  acceptedAt: z.string(),
  ip: z.string().nullable(),
});

export const adminShopperDetail = adminShopper.extend({
  addressCount: z.number().int(),
  privacyConsents: z.array(privacyConsent),
});
