/**
 * The backend race's rules, as a pure function of what was found and measured (no tf.js here, so
 * the rules are unit-tested in Node; src/models/backend.ts does the finding and measuring):
 * - a GPU backend (webgpu, webgl) is a candidate only on a hardware device: a software adapter
 *   (SwiftShader, `isFallbackAdapter`) or a software WebGL renderer is never chosen by default;
 * - WebGL is a candidate for training only with float32 render targets (EXT_color_buffer_float):
 *   on a float16-only device gradients and Adam's moments lose too much;
 * - a candidate GPU backend wins only when its measured step is faster than WebAssembly's; the
 *   fastest such one wins;
 * - else WebAssembly, else plain JavaScript.
 */
import { BACKEND_LABELS, type BackendName } from '../core/kinds';

type GpuBackendName = Extract<BackendName, 'webgpu' | 'webgl'>;

export interface GpuFound {
  name: GpuBackendName;
  /** the adapter or renderer in words (e.g. "google swiftshader", "ANGLE (NVIDIA …)") */
  device: string;
  software: boolean;
  /** webgl only: float32 render targets; webgpu always has them */
  float32: boolean;
  /** ms per probe step when it was measured; null when it failed to start */
  ms?: number | null;
}

export interface RaceResult {
  name: BackendName;
  reason: string;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

/** A WebGPU adapter that is a CPU implementation (Chromium reports SwiftShader as a fallback). */
export function isSoftwareAdapter(info: {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}): boolean {
  if (info.isFallbackAdapter) return true;
  return SOFTWARE_RENDERER.test(
    `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`,
  );
}

export { backendLabel } from '../core/kinds';
const LABEL = BACKEND_LABELS;

/** Whether a found GPU backend may be probed at all (hardware, and float32 for webgl). */
export function isCandidate(g: GpuFound): boolean {
  return !g.software && g.float32;
}

function whyNot(g: GpuFound, wasmMs: number | null): string {
  const l = LABEL[g.name];
  if (g.software)
    return `${l} here is a software renderer (${g.device}), far slower than WebAssembly`;
  if (!g.float32) return `${l} on ${g.device} cannot render float32, too imprecise for training`;
  if (g.ms === null || g.ms === undefined) return `${l} failed to start on ${g.device}`;
  return `${l} on ${g.device} measured slower (${g.ms.toFixed(1)} vs ${wasmMs?.toFixed(1)} ms)`;
}

/** Picks the backend from the GPU backends found and WebAssembly's probe (null: no wasm). */
export function decideBackend(
  found: GpuFound[],
  wasm: { ms: number; simd: boolean } | null,
): RaceResult {
  const wasmMs = wasm?.ms ?? null;
  const faster = found
    .filter((g) => isCandidate(g) && typeof g.ms === 'number')
    .filter((g) => wasmMs === null || g.ms! < wasmMs)
    .sort((a, b) => a.ms! - b.ms!);
  const best = faster[0];
  if (best) {
    const vs = wasmMs === null ? '' : ` (${best.ms!.toFixed(1)} vs ${wasmMs.toFixed(1)} ms)`;
    return { name: best.name, reason: `${LABEL[best.name]} on your GPU (${best.device})${vs}.` };
  }
  const why =
    found.length === 0
      ? 'no GPU backend is available'
      : found.map((g) => whyNot(g, wasmMs)).join('; ');
  if (wasm)
    return { name: 'wasm', reason: `WebAssembly${wasm.simd ? ' with SIMD' : ''}, because ${why}.` };
  return {
    name: 'cpu',
    reason: `Plain JavaScript: WebAssembly is not available and ${why}.`,
  };
}
