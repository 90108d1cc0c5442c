import { z } from 'zod';

export const idParams = z.object({ id: z.coerce.number().int().positive() });

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
export const storeStatus = z.enum(['active', 'suspended']);

export const storeFields = {
  name: z.string().trim().min(1).max(64),
  address: z.string().trim().min(2).max(200),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{5,20}$/, 'digits, + - ( ) and spaces (5–20)'),
  /** equal times mean open around the clock */
  opensAt: clock,
  closesAt: clock,
};
export const createStoreBody = z.object({ ...storeFields, status: storeStatus.optional() });
export const updateStoreBody = z
  .object({
    name: storeFields.name.optional(),
    address: storeFields.address.optional(),
    phone: storeFields.phone.optional(),
    opensAt: storeFields.opensAt.optional(),
    closesAt: storeFields.closesAt.optional(),
    status: storeStatus.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export const storeListQuery = z.object({ status: storeStatus.optional() });

export const store = z.object({
  id: z.number().int(),
  name: z.string(),
  address: z.string(),
  phone: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  status: storeStatus,
});
export const publicStore = store.omit({ status: true });

export const bindStaffBody = z.object({
  shopperId: z.number().int().positive(),
  name: z.string().trim().min(1).max(32),
});
export const updateBindingBody = z
  .object({
    /** the staff member's name, the same in every store they work at */
    name: z.string().trim().min(1).max(32).optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const binding = z.object({
  id: z.number().int(),
  storeId: z.number().int(),
  staffId: z.number().int(),
  shopperId: z.number().int(),
  name: z.string(),
  status: z.enum(['active', 'disabled']),
});

export const staffSession = z.object({
  token: z.string(),
  expiresIn: z.number().int(),
  staffId: z.number().int(),
});

export const staffProfile = z.object({
  id: z.number().int(),
  shopperId: z.number().int(),
  name: z.string(),
  stores: z.array(publicStore),
});
