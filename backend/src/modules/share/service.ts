import crypto from 'node:crypto';
import QRCode from 'qrcode';
import type { z } from 'zod';
import type { Platform } from '../../platform';
import { isUniqueViolation } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import { AppError, isAppError } from '../../platform/errors';
import { initShareModels, ShareScene } from './models';
import { composePoster } from './poster';
import type * as s from './schemas';
import { createShareSettings, type ShareSettings } from './settings';

export type SceneView = z.infer<typeof s.sceneView>;
export type OwnSceneView = z.infer<typeof s.ownSceneView>;
export type BindingOutcome = z.infer<typeof s.bindingOutcome>;

/** What a shared object looks like on the landing page and the poster. */
export interface ShareTargetInfo {
  title: string;
  imageUrl: string | null;
  /** fen; null when the target has no price */
  price: number | null;
  /** the mini-program page that shows it, with its query: `pages/product/index?id=12` */
  page: string;
}

/**
 * A kind of shareable object, registered by the module that owns it (share itself registers `product` and
 * `home`; group buy would register `group`, bargain `launch`, …). `describe` throws
 * AppError('SHARE_TARGET_UNKNOWN') for an id that does not exist or cannot be shared now.
 */
export interface ShareTargetSource {
  kind: string;
  describe(id: string): Promise<ShareTargetInfo>;
}

/** What opening a scene does to the visitor (distribution binds them to the sharer). */
export type OpenHandler = (input: {
  visitorId: number;
  sharerId: number;
  code: string;
  target: { kind: string; id: string };
}) => Promise<BindingOutcome>;

/** What share needs of its neighbours; `index.ts` assigns the real services, so the compiler checks them. */
export interface CatalogPort {
  getProduct(id: number): Promise<{ id: number; title: string; imageUrls: string[]; price: number }>;
}
export interface AccountsPort {
  findShopper(id: number): Promise<{ id: number; nickname: string; status: string } | undefined>;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const CODE_LENGTH = 10;
const POSTER_FOLDER = 'posters/share';
const IMAGE_MAX_BYTES = 5 * 1024 * 1024;

/** 10 characters of an unambiguous alphabet (no 0/O, 1/l/I): 56^10 ≈ 3·10^17 codes */
export function newSceneCode(): string {
  const bytes = crypto.randomBytes(CODE_LENGTH * 2);
  let code = '';
  for (const b of bytes) {
    // rejection sampling keeps every character equally likely
    if (b >= Math.floor(256 / CODE_ALPHABET.length) * CODE_ALPHABET.length) continue;
    code += CODE_ALPHABET[b % CODE_ALPHABET.length];
    if (code.length === CODE_LENGTH) return code;
  }
  return code.length === CODE_LENGTH ? code : newSceneCode();
}

/**
 * Share scenes: a short code, kept server side, naming a target and its sharer. The code is what a
 * mini-program code's `scene` (≤ 32 characters) or an H5 link carries; the app resolves it here and opens
 * the target; opening it as a logged-in shopper also runs the open handler (distribution's binding).
 */
export function createShareService(
  platform: Platform,
  deps: { catalog: CatalogPort; accounts: AccountsPort },
) {
  const { sequelize, clock, storage, wechat, logger } = platform;
  initShareModels(sequelize);
  const settings = createShareSettings(platform);
  const log = logger.child({ module: 'share' });
  const sources = new Map<string, ShareTargetSource>();
  let openHandler: OpenHandler | undefined;

  function registerTarget(source: ShareTargetSource) {
    if (sources.has(source.kind)) throw new Error(`share target ${source.kind} registered twice`);
    sources.set(source.kind, source);
  }

  function setOpenHandler(handler: OpenHandler) {
    if (openHandler) log.warn('share open handler replaced');
    openHandler = handler;
  }

  const unknown = (kind: string, id: string) =>
    new AppError('SHARE_TARGET_UNKNOWN', `Nothing to share as ${kind} ${id}`, { kind, id });

  async function describe(kind: string, id: string): Promise<ShareTargetInfo> {
    const source = sources.get(kind);
    if (!source) throw unknown(kind, id);
    return source.describe(id);
  }

  // the two kinds share knows itself
  registerTarget({
    kind: 'product',
    async describe(id) {
      if (!/^\d{1,15}$/.test(id)) throw unknown('product', id);
      try {
        const p = await deps.catalog.getProduct(Number(id));
        return {
          title: p.title,
          imageUrl: p.imageUrls[0] ?? null,
          price: p.price,
          page: `pages/product/index?id=${p.id}`,
        };
      } catch (e) {
        if (isAppError(e) && e.code === 'NOT_FOUND') throw unknown('product', id);
        throw e;
      }
    },
  });
  registerTarget({
    kind: 'home',
    async describe(id) {
      if (id !== 'shop') throw unknown('home', id);
      return { title: '好物推荐，邀你一起逛', imageUrl: null, price: null, page: 'pages/index/index' };
    },
  });

  async function sharerOf(id: number) {
    const shopper = await deps.accounts.findShopper(id);
    return {
      id,
      nickname: !shopper || shopper.status === 'deleted' ? '已注销用户' : shopper.nickname,
    };
  }

  async function view(scene: ShareScene): Promise<SceneView> {
    const kind = scene.targetKind;
    const id = scene.targetId;
    let info: ShareTargetInfo | null = null;
    try {
      info = await describe(kind, id);
    } catch (e) {
      if (!isAppError(e) || e.code !== 'SHARE_TARGET_UNKNOWN') throw e;
    }
    return {
      code: scene.code,
      target: {
        kind,
        id,
        title: info?.title ?? null,
        imageUrl: info?.imageUrl ?? null,
        price: info?.price ?? null,
        page: info?.page ?? null,
        available: info !== null,
      },
      sharer: await sharerOf(Number(scene.sharerId)),
      createdAt: new Date(scene.createdAt).toISOString(),
    };
  }

  const h5Url = (st: ShareSettings, code: string) =>
    `${settings.h5Base(st)}/#/${st.landingPage}?scene=${encodeURIComponent(code)}`;

  async function ownView(scene: ShareScene): Promise<OwnSceneView> {
    const st = await settings.get();
    return {
      ...(await view(scene)),
      landingPage: st.landingPage,
      h5Url: h5Url(st, scene.code),
      posterPath: `/api/shop/share-scenes/${scene.code}/poster`,
      visitCount: Number(scene.visitCount),
    };
  }

  /** The sharer's scene for the target: the same one on every call (one per sharer and target). */
  async function createScene(sharerId: number, target: { kind: string; id: string }): Promise<OwnSceneView> {
    await describe(target.kind, target.id);
    const where = { sharerId, targetKind: target.kind, targetId: target.id };
    for (let attempt = 0; ; attempt++) {
      const existing = await ShareScene.findOne({ where });
      if (existing) return ownView(existing);
      try {
        const scene = await ShareScene.create({ ...where, code: newSceneCode() });
        return ownView(scene);
      } catch (e) {
        // the same sharer and target raced in (found above on the next turn), or a code collided (drawn again)
        if (!isUniqueViolation(e) || attempt >= 4) throw e;
      }
    }
  }

  async function findByCode(code: string): Promise<ShareScene> {
    const scene = await ShareScene.findOne({ where: { code } });
    if (!scene) throw new AppError('NOT_FOUND', 'Share code not found');
    return scene;
  }

  /** Public: what a code names (the app opens the target with it). */
  async function resolve(code: string): Promise<SceneView> {
    return view(await findByCode(code));
  }

  /** A logged-in shopper opened the app with this code: counted, and the open handler decides the binding. */
  async function open(visitorId: number, code: string) {
    const scene = await findByCode(code);
    const sharerId = Number(scene.sharerId);
    if (sharerId !== visitorId) {
      await sequelize.query(
        `UPDATE share_scenes SET visit_count = visit_count + 1, last_visit_at = :now WHERE id = :id`,
        { replacements: { id: Number(scene.id), now: sqlTime(sequelize, clock.now()) } },
      );
    }
    const binding = openHandler
      ? await openHandler({
          visitorId,
          sharerId,
          code,
          target: { kind: scene.targetKind, id: scene.targetId },
        })
      : null;
    return { scene: await view(scene), binding };
  }

  async function ownScene(sharerId: number, code: string): Promise<ShareScene> {
    const scene = await ShareScene.findOne({ where: { code, sharerId } });
    if (!scene) throw new AppError('NOT_FOUND', 'Share code not found');
    return scene;
  }

  async function listOwn(sharerId: number, q: { page: number; pageSize: number }) {
    const { rows, count } = await ShareScene.findAndCountAll({
      where: { sharerId },
      order: [['id', 'DESC']],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return {
      items: await Promise.all(rows.map(ownView)),
      total: count,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** The target's picture: a stored upload is read from storage, an external address fetched (3 s, 5 MB). */
  async function imageBytes(url: string | null): Promise<Buffer | null> {
    if (!url) return null;
    try {
      if (url.startsWith('/uploads/')) return await storage.get(url.slice('/uploads/'.length));
      if (!/^https?:\/\//.test(url)) return null;
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (!res.ok) return null;
      const bytes = Buffer.from(await res.arrayBuffer());
      return bytes.length <= IMAGE_MAX_BYTES ? bytes : null;
    } catch (e) {
      log.info({ err: e, url }, 'poster picture not loaded; drawn without it');
      return null;
    }
  }

  async function codeImage(st: ShareSettings, code: string): Promise<{ bytes: Buffer; hint: string }> {
    if (settings.codeKind(st) === 'wxacode') {
      const bytes = await wechat.getUnlimitedQrCode({
        scene: code,
        page: st.landingPage,
        width: 430,
        checkPath: false,
        envVersion: st.envVersion,
      });
      return { bytes, hint: '长按识别小程序码' };
    }
    const bytes = await QRCode.toBuffer(h5Url(st, code), {
      type: 'png',
      width: 480,
      margin: 2,
      errorCorrectionLevel: 'M',
    });
    return { bytes, hint: '扫码查看' };
  }

  /**
   * The sharer's poster (PNG): the target's picture, title and price, the sharer's nickname and the code.
   * Kept in storage and drawn again only when something it shows changed.
   */
  async function poster(sharerId: number, code: string): Promise<Buffer> {
    const scene = await ownScene(sharerId, code);
    const st = await settings.get();
    const info = await describe(scene.targetKind, scene.targetId);
    const sharer = await sharerOf(sharerId);
    const fingerprint = crypto
      .createHash('sha256')
      .update(
        JSON.stringify([
          info.title,
          info.price,
          info.imageUrl,
          sharer.nickname,
          settings.codeKind(st),
          st.landingPage,
          st.envVersion,
          h5Url(st, code),
        ]),
      )
      .digest('hex')
      .slice(0, 64);
    if (scene.posterKey && scene.posterFingerprint === fingerprint) {
      try {
        return await storage.get(scene.posterKey);
      } catch (e) {
        if (!isAppError(e) || e.code !== 'NOT_FOUND') throw e;
      }
    }
    const [picture, codeImg] = await Promise.all([imageBytes(info.imageUrl), codeImage(st, code)]);
    const png = await composePoster({
      image: picture,
      title: info.title,
      price: info.price,
      nickname: sharer.nickname,
      code: codeImg.bytes,
      hint: codeImg.hint,
    });
    const stored = await storage.put({ bytes: png, folder: POSTER_FOLDER, allowed: ['image'] });
    const old = scene.posterKey;
    await scene.update({ posterKey: stored.key, posterFingerprint: fingerprint });
    if (old && old !== stored.key) await storage.delete(old).catch(() => undefined);
    return png;
  }

  return {
    settings,
    registerTarget,
    setOpenHandler,
    describe,
    createScene,
    resolve,
    open,
    listOwn,
    poster,
  };
}

export type ShareServiceInternal = ReturnType<typeof createShareService>;
