/** The pure pricing engine: the calculator, the tool registry and the tools (see README.md). */
export { priceCart, audienceMatches, inScope } from './calculator';
export { baseShopper } from './shopper';
export { createToolRegistry, defaultTools, type ToolRegistry, type ToolDescription } from './registry';
export { shopTime, inWeeklyWindow, parseHm, type ShopTime } from './time';
export { fullReductionTool, fullReductionConfig, type FullReductionConfig } from './tools/full_reduction';
export { buyNGetMTool, buyNGetMConfig, type BuyNGetMConfig } from './tools/buy_n_get_m';
export { memberDayTool, memberDayConfig, type MemberDayConfig } from './tools/member_day';
export { giftTool, giftConfig, type GiftConfig } from './tools/gift';
export { freeShippingTool, freeShippingConfig, type FreeShippingConfig } from './tools/free_shipping';
export { tieredPriceTool, tieredPriceConfig, type TieredPriceConfig } from './tools/tiered_price';
export type * from './types';
