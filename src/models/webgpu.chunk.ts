/**
 * The webgpu backend, as its own lazy chunk (`webgpu.chunk-*.js`): imported by backend.ts only
 * when WebGPU will be tried, left out of the service worker's precache (vite.config.ts) and
 * cached the first time it is used, so nobody else downloads it.
 */
import '@tensorflow/tfjs-backend-webgpu';
