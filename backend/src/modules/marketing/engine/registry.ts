import { z } from 'zod';
import type { MarketingTool, Stage } from './types';
import { buyNGetMTool } from './tools/buy_n_get_m';
import { freeShippingTool } from './tools/free_shipping';
import { fullReductionTool } from './tools/full_reduction';
import { giftTool } from './tools/gift';
import { memberDayTool } from './tools/member_day';
import { tieredPriceTool } from './tools/tiered_price';

/** What the admin's form generator needs of a tool. */
export interface ToolDescription {
  kind: string;
  title: string;
  stage: Stage;
  rank: number;
  defaults: MarketingTool['defaults'];
  /** JSON Schema (draft 2020-12) of the config as the merchant enters it (`io: 'input'`: fields with a
   * default are optional), from zod's `z.toJSONSchema` */
  jsonSchema: Record<string, unknown>;
}

export interface ToolRegistry {
  /** every tool, in registration order */
  readonly tools: readonly MarketingTool[];
  get(kind: string): MarketingTool | undefined;
  /** a campaign config checked against its tool's schema (defaults filled in); an unknown kind fails too */
  validateConfig(kind: string, config: unknown): z.ZodSafeParseResult<unknown>;
  describe(): ToolDescription[];
}

/** The tools of RULES §4 and the member day of §9. Coupons, member prices and points are built in. */
export const defaultTools: readonly MarketingTool[] = [
  fullReductionTool,
  buyNGetMTool,
  memberDayTool,
  giftTool,
  freeShippingTool,
  tieredPriceTool,
] as MarketingTool[];

export function createToolRegistry(tools: readonly MarketingTool[] = defaultTools): ToolRegistry {
  const byKind = new Map<string, MarketingTool>();
  for (const tool of tools) {
    if (byKind.has(tool.kind)) throw new Error(`marketing tool ${tool.kind} registered twice`);
    if (!Number.isInteger(tool.rank)) throw new Error(`marketing tool ${tool.kind} needs an integer rank`);
    byKind.set(tool.kind, tool);
  }
  let descriptions: ToolDescription[] | null = null;
  return {
    tools: [...tools],
    get: (kind) => byKind.get(kind),
    validateConfig(kind, config) {
      const tool = byKind.get(kind);
      if (!tool)
        return {
          success: false,
          error: new z.ZodError([
            { code: 'custom', message: `未知的营销工具：${kind}`, path: ['kind'], input: kind },
          ]),
        };
      return tool.configSchema.safeParse(config) as z.ZodSafeParseResult<unknown>;
    },
    describe() {
      descriptions ??= tools.map((t) => ({
        kind: t.kind,
        title: t.title,
        stage: t.stage,
        rank: t.rank,
        defaults: { ...t.defaults },
        jsonSchema: z.toJSONSchema(t.configSchema, { io: 'input', unrepresentable: 'any' }) as Record<
          string,
          unknown
        >,
      }));
      return descriptions.map((d) => ({ ...d, defaults: { ...d.defaults } }));
    },
  };
}
