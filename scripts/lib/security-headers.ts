/**
 * The security headers Reel is served with, defined once for every way it is served: `npm start`
 * and `vite preview` (vite.config.ts `preview.headers`), the `_headers` file the build writes for
 * static hosts that read one (Netlify, Cloudflare Pages), and the end-to-end test server.
 *
 * Rule: the policy travels as an HTTP header on EVERY response, scripts included. A `<meta>` policy
 * covers only the page: a worker runs under the policy of its own script's response, and
 * `frame-ancestors` works only as a header. With this header on the worker scripts, the workers too
 * can reach nothing but the app's own origin (`connect-src 'self'`) and cannot `eval`
 * (`'wasm-unsafe-eval'` allows compiling WebAssembly only).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page's `<meta>` copy: the same policy without what a meta policy may not carry. */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/** A `_headers` file (Netlify / Cloudflare Pages syntax) applying the headers to every path. */
export function headersFile(): string {
  const lines = Object.entries(SECURITY_HEADERS).map(([k, v]) => `  ${k}: ${v}`);
  return `/*\n${lines.join('\n')}\n`;
}
