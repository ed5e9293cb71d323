/**
 * Backend choice, by a quick measurement at start: webgl only on a real GPU (a software renderer
 * such as SwiftShader or llvmpipe does not count: training there is hundreds of times slower),
 * else wasm (SIMD), else cpu. Each candidate that initializes runs the same small matmul probe;
 * the reason string says what was found, in words for the UI.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core and exactly the backends chosen from below, not the @tensorflow/tfjs union (which
// also bundles layers, converter and data: ~600 KB of the model worker that nothing uses).
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

import type { BackendName } from '../core/kinds';

export interface BackendChoice {
  name: BackendName;
  reason: string;
  /** probe time per matmul in ms, per backend tried */
  probes: Partial<Record<BackendName, number>>;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

/** The GPU renderer string a WebGL context reports, or null without WebGL. */
export function gpuRenderer(): string | null {
  try {
    if (typeof OffscreenCanvas === 'undefined') return null;
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const name = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return String(name);
  } catch {
    return null;
  }
}

/** Milliseconds per 512x64 · 64x512 matmul (after a warm-up), on the current backend. */
async function probe(): Promise<number> {
  const a = tf.randomNormal([512, 64]);
  const b = tf.randomNormal([64, 512]);
  try {
    await tf.matMul(a, b).data(); // warm-up (shader compile, wasm init)
    const reps = 5;
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    }
    return (performance.now() - t0) / reps;
  } finally {
    a.dispose();
    b.dispose();
  }
}

async function tryBackend(name: BackendName): Promise<number | null> {
  try {
    if (!(await tf.setBackend(name))) return null;
    await tf.ready();
    return await probe();
  } catch {
    return null;
  }
}

export async function chooseBackend(
  opts: { wasmPaths?: string | Record<string, string> } = {},
): Promise<BackendChoice> {
  if (opts.wasmPaths) setWasmPaths(opts.wasmPaths as Parameters<typeof setWasmPaths>[0]);
  // Threads give nothing on small machines and need cross-origin isolation: stay single-threaded.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const probes: BackendChoice['probes'] = {};
  const renderer = gpuRenderer();
  const realGpu = renderer !== null && !SOFTWARE_RENDERER.test(renderer);
  if (realGpu) {
    const ms = await tryBackend('webgl');
    if (ms !== null) {
      probes.webgl = ms;
      const wasmMs = await tryBackend('wasm');
      if (wasmMs !== null) probes.wasm = wasmMs;
      if (wasmMs === null || ms <= wasmMs) {
        await tf.setBackend('webgl');
        return { name: 'webgl', probes, reason: `WebGL on your GPU (${renderer}).` };
      }
      await tf.setBackend('wasm');
      return {
        name: 'wasm',
        probes,
        reason: `WebAssembly: it measured faster than WebGL on ${renderer} (${wasmMs.toFixed(1)} vs ${ms.toFixed(1)} ms).`,
      };
    }
  }
  const wasmMs = await tryBackend('wasm');
  if (wasmMs !== null) {
    probes.wasm = wasmMs;
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const why =
      renderer === null
        ? 'no WebGL is available'
        : realGpu
          ? 'WebGL failed to start'
          : `WebGL here is a software renderer (${renderer}), far slower than WebAssembly`;
    return {
      name: 'wasm',
      probes,
      reason: `WebAssembly${simd ? ' with SIMD' : ''}, because ${why}.`,
    };
  }
  const cpuMs = await tryBackend('cpu');
  if (cpuMs !== null) probes.cpu = cpuMs;
  await tf.setBackend('cpu');
  return {
    name: 'cpu',
    probes,
    reason: 'Plain JavaScript: neither WebGL on a GPU nor WebAssembly is available here.',
  };
}
