import { z } from 'zod';

const fen = z.number().int().describe('fen');

export const sandboxConfirmParams = z.object({ paymentId: z.coerce.number().int().positive() });
export const sandboxConfirmResult = z.object({
  paymentId: z.number().int(),
  status: z.enum(['created', 'paid', 'closed', 'refunded_partially', 'refunded']),
  outcome: z.enum(['accepted', 'rejected']).nullable(),
});

const billDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a date');

export const reconciliationQuery = z.object({ date: billDate });
export const reconciliationRunBody = z.object({ date: billDate });

export const difference = z.object({
  kind: z.enum(['missing_local', 'missing_provider', 'amount_mismatch', 'status_mismatch']),
  subject: z.enum(['payment', 'refund']),
  outTradeNo: z.string().nullable(),
  outRefundNo: z.string().nullable(),
  localAmount: fen.nullable(),
  providerAmount: fen.nullable(),
  localStatus: z.string().nullable(),
  providerStatus: z.string().nullable(),
  note: z.string().nullable(),
});

export const reconciliationRun = z.object({
  id: z.number().int(),
  billDate: z.string(),
  provider: z.string(),
  status: z.enum(['done', 'failed']),
  trigger: z.enum(['cron', 'admin']),
  actorId: z.number().int().nullable(),
  providerRows: z.number().int(),
  localRows: z.number().int(),
  differenceCount: z.number().int(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string(),
  differences: z.array(difference),
});

export const reconciliationList = z.object({ date: z.string(), runs: z.array(reconciliationRun) });
