/**
 * Backend choice, by a quick measurement at start (the rules: race.ts). The GPU backends found
 * are webgpu (when `navigator.gpu` gives an adapter) and webgl; each hardware one is probed
 * against wasm with the same small matmul, and wins only when faster. A software device
 * (SwiftShader, llvmpipe, a fallback adapter) is never chosen by default, but `prefer` (the
 * `?backend=` override) runs any backend that starts — that is how the GPU code paths are tested
 * on a machine without a GPU.
 *
 * The webgpu backend is imported only when it will be tried (a hardware adapter, or asked for):
 * everyone else never downloads it.
 *
 * A GPU can go away mid-run (WebGL context lost, WebGPU device lost): `deviceLost()` says so,
 * `fallBackToWasm()` moves on; the model worker finishes the training from its last good epoch.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core and exactly the backends chosen from below, not the @tensorflow/tfjs union (which
// also bundles layers, converter and data: ~600 KB of the model worker that nothing uses).
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

import type { BackendName } from '../core/kinds';
import {
  backendLabel,
  decideBackend,
  isCandidate,
  isSoftwareAdapter,
  isSoftwareRenderer,
  type GpuFound,
} from './race';

export interface BackendChoice {
  name: BackendName;
  reason: string;
  /** true when `prefer` picked it rather than the measurement */
  forced: boolean;
  /** probe time per matmul in ms, per backend tried */
  probes: Partial<Record<BackendName, number>>;
}

/** The WebGL renderer string and whether it renders float32, or null without WebGL 2. */
function webglInfo(): { renderer: string; float32: boolean } | null {
  try {
    if (typeof OffscreenCanvas === 'undefined') return null;
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const name = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    const float32 = gl.getExtension('EXT_color_buffer_float') !== null;
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { renderer: String(name), float32 };
  } catch {
    return null;
  }
}

/** The minimal WebGPU surface used here (the worker's lib has no WebGPU types). */
interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: {
    vendor?: string;
    architecture?: string;
    description?: string;
    isFallbackAdapter?: boolean;
  };
}
interface GpuDeviceLike {
  lost: Promise<unknown>;
  destroy(): void;
}

/** The WebGPU adapter, described, or null when there is none. */
export async function webgpuInfo(): Promise<{ device: string; software: boolean } | null> {
  try {
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
    const adapter = await gpu?.requestAdapter();
    if (!adapter) return null;
    // GPUAdapterInfo's fields are prototype getters: a spread would copy none of them.
    const i = adapter.info;
    const info = {
      vendor: i?.vendor,
      architecture: i?.architecture,
      description: i?.description,
      isFallbackAdapter: adapter.isFallbackAdapter || i?.isFallbackAdapter,
    };
    const device =
      [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') ||
      'unknown adapter';
    return { device, software: isSoftwareAdapter(info) };
  } catch {
    return null;
  }
}

let webgpuLoaded: Promise<boolean> | undefined;
/** Registers the webgpu backend: a separate chunk, fetched only here. */
function loadWebgpu(): Promise<boolean> {
  webgpuLoaded ??= import('./webgpu.chunk').then(
    () => true,
    () => false,
  );
  return webgpuLoaded;
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

let lost = false;

async function tryBackend(name: BackendName): Promise<number | null> {
  try {
    if (name === 'webgpu' && !(await loadWebgpu())) return null;
    if (!(await tf.setBackend(name))) return null;
    await tf.ready();
    return await probe();
  } catch {
    return null;
  }
}

/** Makes `name` the backend in use and starts watching its device. */
async function use(name: BackendName): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
  lost = false;
  if (name === 'webgpu') {
    const device = (tf.backend() as unknown as { device?: GpuDeviceLike }).device;
    void device?.lost.then(() => {
      if (tf.getBackend() === 'webgpu') lost = true;
    });
  }
}

/** True when the GPU under the backend in use has gone (context lost, device lost/destroyed). */
export function deviceLost(): boolean {
  const name = tf.getBackend();
  if (name === 'webgpu') return lost;
  if (name === 'webgl') {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
    return gl?.isContextLost() ?? false;
  }
  return false;
}

/**
 * Takes the GPU away as a driver reset would (WEBGL_lose_context / GPUDevice.destroy()): the
 * fault that the fallback is tested with. Returns false on a backend without a GPU.
 */
export function loseDevice(): boolean {
  const name = tf.getBackend();
  if (name === 'webgpu') {
    (tf.backend() as unknown as { device: GpuDeviceLike }).device.destroy();
    lost = true;
    return true;
  }
  if (name === 'webgl') {
    const gl = (tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } }).gpgpu.gl;
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return true;
  }
  return false;
}

/** After a lost GPU: WebAssembly (else plain JavaScript) from now on. The lost backend is dropped. */
export async function fallBackToWasm(): Promise<BackendName> {
  const from = tf.getBackend();
  for (const name of ['wasm', 'cpu'] as const) {
    try {
      await use(name);
      if (from === 'webgl' || from === 'webgpu') tf.removeBackend(from);
      return name;
    } catch {
      // try the next one
    }
  }
  throw new Error('No backend left after the GPU was lost.');
}

export async function chooseBackend(
  opts: { wasmPaths?: string | Record<string, string>; prefer?: BackendName } = {},
): Promise<BackendChoice> {
  if (opts.wasmPaths) setWasmPaths(opts.wasmPaths as Parameters<typeof setWasmPaths>[0]);
  // Threads give nothing on small machines and need cross-origin isolation: stay single-threaded.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const probes: BackendChoice['probes'] = {};
  const gl = webglInfo();
  let asked = '';
  if (opts.prefer) {
    const p = opts.prefer;
    const label = backendLabel(p);
    if (p === 'webgl' && gl && !gl.float32) {
      asked = `${label} was asked for, but ${gl.renderer} cannot render float32 (too imprecise to train); `;
    } else {
      // Asked for: a software device is allowed (tests, or a person who knows better).
      if (p === 'webgl') tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
      const ms = await tryBackend(p);
      if (ms !== null) {
        probes[p] = ms;
        await use(p);
        const on =
          p === 'webgl'
            ? ` on ${gl?.renderer ?? 'WebGL'}`
            : p === 'webgpu'
              ? ` on ${(await webgpuInfo())?.device ?? 'WebGPU'}`
              : '';
        return {
          name: p,
          forced: true,
          probes,
          reason: `${label}${on}, as asked (?backend=${p}) instead of the measured choice.`,
        };
      }
      asked = `${label} was asked for but could not start; `;
    }
  }
  const found: GpuFound[] = [];
  const wg = await webgpuInfo();
  if (wg) found.push({ name: 'webgpu', device: wg.device, software: wg.software, float32: true });
  if (gl)
    found.push({
      name: 'webgl',
      device: gl.renderer,
      software: isSoftwareRenderer(gl.renderer),
      float32: gl.float32,
    });
  for (const g of found) {
    if (!isCandidate(g)) continue;
    g.ms = await tryBackend(g.name);
    if (g.ms !== null) probes[g.name] = g.ms;
  }
  const wasmMs = await tryBackend('wasm');
  let wasm: { ms: number; simd: boolean } | null = null;
  if (wasmMs !== null) {
    probes.wasm = wasmMs;
    wasm = { ms: wasmMs, simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) };
  }
  const result = decideBackend(found, wasm);
  if (result.name === 'cpu') {
    const cpuMs = await tryBackend('cpu');
    if (cpuMs !== null) probes.cpu = cpuMs;
  }
  await use(result.name);
  const reason = asked
    ? asked + result.reason.charAt(0).toLowerCase() + result.reason.slice(1)
    : result.reason;
  return { name: result.name, forced: false, probes, reason };
}

/** tf.memory() of the backend in use, for diagnostics and leak checks. */
export function memoryInfo(): { backend: BackendName; numTensors: number; numBytes: number } {
  const m = tf.memory();
  return {
    backend: tf.getBackend() as BackendName,
    numTensors: m.numTensors,
    numBytes: m.numBytes,
  };
}
