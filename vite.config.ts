import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import {
  headersFile,
  META_CONTENT_SECURITY_POLICY,
  SECURITY_HEADERS,
} from './scripts/lib/security-headers.ts';
import { watPlugin } from './scripts/lib/wat.ts';
import { BENCH_PAGE } from './scripts/bench-page/api.ts';

/**
 * REEL_BASE sets the public sub-path (e.g. `/reel/`) for static hosting; default `/`.
 * Security headers (scripts/lib/security-headers.ts): sent by `npm start` / `vite preview` on
 * every response, written as `_headers` for static hosts, and the page also carries the policy as
 * a `<meta>` for hosts that send no headers. Built output only: the dev server injects inline
 * scripts (React refresh) that the policy would block. Nothing is loaded from other origins.
 */
const base = process.env.REEL_BASE ?? '/';

function contentSecurityPolicy(): Plugin {
  return {
    name: 'reel-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`,
      ),
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile() });
    },
  };
}

/** Where the build writes (captured for the precache integrity below). */
let outDir = 'dist';
function captureOutDir(): Plugin {
  return {
    name: 'reel-out-dir',
    configResolved: (c) => void (outDir = resolve(c.root, c.build.outDir)),
  };
}

/**
 * Every precached file carries its sha384 in the service worker's manifest, and the browser
 * checks it when the worker installs: a file that arrives altered (a broken proxy, a poisoned
 * cache on the way) fails the install instead of being cached for good under its hashed name, and
 * the next visit installs again from the fixed server. (Hashed assets are precached with
 * `revision: null`, so without this a bad copy would never be fetched again.)
 */
async function withIntegrity<T extends { url: string }>(entries: T[]) {
  const manifest = entries.map((e) => {
    const bytes = readFileSync(resolve(outDir, e.url.replace(/^\//, '')));
    return { ...e, integrity: `sha384-${createHash('sha384').update(bytes).digest('base64')}` };
  });
  return { manifest, warnings: [] as string[] };
}

export default defineConfig({
  base,
  plugins: [
    react(),
    watPlugin(),
    captureOutDir(),
    contentSecurityPolicy(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/*.png', 'icons/*.svg'],
      manifest: {
        name: 'Reel — movie recommendations, private and offline',
        short_name: 'Reel',
        description: 'A movie recommender on MovieLens 1M that runs entirely on your device.',
        theme_color: '#14121f',
        background_color: '#14121f',
        display: 'standalone',
        start_url: '.',
        scope: '.',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: 'icons/maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,wasm,webmanifest}'],
        // The webgpu backend is fetched only where it runs (src/models/webgpu.chunk.ts), then
        // kept by the runtime cache below: the precache, which everyone downloads, stays as it was.
        globIgnores: ['data/**', '**/webgpu.chunk-*.js'],
        runtimeCaching: [
          {
            urlPattern: /\/webgpu\.chunk-[\w-]+\.js$/,
            handler: 'CacheFirst',
            options: { cacheName: 'reel-webgpu' },
          },
        ],
        maximumFileSizeToCacheInBytes: 30 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/\/data\//],
        cleanupOutdatedCaches: true,
        manifestTransforms: [withIntegrity],
      },
    }),
  ],
  // Workers are bundled apart and need their own plugins: the model worker imports a .wat kernel.
  worker: { format: 'es', plugins: () => [watPlugin()] },
  build: {
    target: 'es2022',
    sourcemap: false,
    // The biggest chunk is the model worker (tf.js core + wasm/webgl/cpu backends, ~1.3 MB): warn
    // when any chunk grows past it, rather than hiding growth under a high limit.
    chunkSizeWarningLimit: 1400,
    rolldownOptions: {
      checks: { bundlerTimings: false },
      // The end-to-end build also carries the bench page (scripts/bench-page), which drives the
      // real workers with a forced backend; the production build never does.
      ...(process.env.REEL_BENCH_PAGE
        ? { input: { main: resolve('index.html'), bench: resolve(BENCH_PAGE) } }
        : {}),
    },
  },
  server: { port: 5173 },
  preview: { port: 4173, headers: { ...SECURITY_HEADERS } },
});
