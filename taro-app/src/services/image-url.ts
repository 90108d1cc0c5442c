/**
 * Where an image the API names is loaded from. The API answers its own files as paths (`/uploads/…`): the H5
 * build is served by the API, so those load from the same origin, but the mini-program has no origin and needs
 * the request wrapper's base (`API_BASE`) in front. Absolute URLs (`https://…`, protocol-relative `//…`) and
 * local files (`wxfile://…`, `blob:…`, a chosen photo's temp path) are used as they are.
 */
export function imageUrl(src: string): string;
export function imageUrl(src: string | null | undefined): string | undefined;
export function imageUrl(src: string | null | undefined): string | undefined {
  if (!src) return undefined;
  return src.startsWith('/') && !src.startsWith('//') ? `${API_BASE}${src}` : src;
}
