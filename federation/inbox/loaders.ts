import type { Context } from "@fedify/fedify";

/**
 * Options for dereferencing an activity's properties: Fedify's loaders, and objects whose id
 * has another origin than what embeds them are fetched from their own server, not trusted.
 */
export const loaders = (ctx: Context<unknown>) => ({
  documentLoader: ctx.documentLoader,
  contextLoader: ctx.contextLoader,
  crossOrigin: "ignore" as const,
});
