import { z } from 'zod';

/** Request and response schemas of the share routes (they validate input and produce the OpenAPI document). */

const fen = z.number().int().describe('fen (分)');
const time = z.string().describe('ISO 8601, UTC');

/** what a mini-program scene may hold, and what our codes are made of */
export const SCENE_CODE = /^[A-Za-z0-9]{4,32}$/;

export const codeParams = z.object({
  code: z.string().regex(SCENE_CODE, 'a share code is 4–32 letters and digits'),
});

export const targetKind = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,23}$/, 'lower-case letters, digits and _, at most 24')
  .describe(
    "what is shared: 'product', 'home', or a kind another module registered (campaign, group, launch…)",
  );
export const targetId = z
  .union([z.string(), z.number().int().positive()])
  .transform((v) => String(v))
  .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and -, at most 64'))
  .describe('the id of the shared object (a number or a string)');

export const createSceneBody = z.object({ kind: targetKind, id: targetId });

const target = z.object({
  kind: z.string(),
  id: z.string(),
  /** what the app shows while resolving; null when the target is gone (off sale, ended) */
  title: z.string().nullable(),
  imageUrl: z.string().nullable(),
  price: fen.nullable().describe('fen; null when the target has no price'),
  /** the mini-program page of the target, with its query (`pages/product/index?id=12`) */
  page: z.string().nullable(),
  available: z.boolean(),
});

export const sceneView = z.object({
  code: z.string().describe('the scene: what the mini-program code carries (≤ 32 characters)'),
  target,
  sharer: z.object({ id: z.number().int(), nickname: z.string() }),
  createdAt: time,
});

export const ownSceneView = sceneView.extend({
  /** the page a mini-program code opens with `scene=<code>`, and the H5 link of embedded mode */
  landingPage: z.string(),
  h5Url: z.string(),
  /** GET this (with the shopper's token) for the poster PNG */
  posterPath: z.string(),
  visitCount: z.number().int(),
});

export const bindingOutcome = z.object({
  /** bound: the visitor now belongs to the sharer; unchanged: kept as it was; refused: `code` says why */
  status: z.enum(['bound', 'unchanged', 'refused']),
  /** the visitor's promoter after the visit (null: none) */
  parentId: z.number().int().nullable(),
  /** a stable error code from the API's list when unchanged or refused (e.g. DISTRIBUTION_SELF_BINDING) */
  code: z.string().nullable(),
});

export const openResult = z.object({
  scene: sceneView,
  /** null when no module binds visitors (distribution off) */
  binding: bindingOutcome.nullable(),
});

export const shareSettings = z.object({
  /**
   * which code the poster carries: WeChat's mini-program code (getwxacodeunlimit), a QR code of the H5 link,
   * or auto (mini-program code in production, H5 QR code elsewhere)
   */
  codeMode: z.enum(['auto', 'wxacode', 'h5']),
  /** the mini-program page that reads `scene` and opens the target */
  landingPage: z.string().regex(/^[a-z0-9_-]+(\/[a-z0-9_-]+)+$/i, 'a page path without a leading /'),
  /** the H5 site's address for QR codes (absent: PUBLIC_URL, else http://localhost:<PORT>) */
  h5BaseUrl: z.string().url().nullable(),
  /** the mini-program version the code opens */
  envVersion: z.enum(['release', 'trial', 'develop']),
});
export const shareSettingsPatch = shareSettings
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
