/**
 * The Content-Security-Policy for the renderer, shared by Electron (a response header on the app's
 * own pages) and browser mode (a header on every page served). Scripts and styles come only from the
 * app itself; no eval; no frames; the API is same-origin. `style-src 'unsafe-inline'` is needed for
 * the chart library's inline SVG styles, and does not allow scripts.
 * https://www.w3.org/TR/CSP3/
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': RENDERER_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};
