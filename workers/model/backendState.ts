/**
 * The backend the models run on: chosen once by a quick measurement (or the `?backend=` override),
 * and replaced by WebAssembly when the GPU goes away.
 * Rule: after a GPU loss, the rating models loaded for serving held their tensors on the lost
 * device: they are dropped and load again (from IndexedDB) on the next call.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import type { BackendInfo, BackendName, MemoryInfo } from '../../src/core/api/model';
import { backendLabel } from '../../src/core/kinds';
import { chooseBackend, fallBackToWasm, memoryInfo } from '../../src/models/backend';
import { state } from './state';

export function init(prefer?: BackendName): Promise<BackendInfo> {
  state.backend ??= chooseBackend({
    prefer,
    wasmPaths: {
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      // Never loaded (chooseBackend turns threads off) but tf.js wants an entry for every binary;
      // not importing the threaded file keeps it out of the build and the precache.
      'tfjs-backend-wasm-threaded-simd.wasm': wasmSimd,
    },
  }).then((c) => ({ name: c.name, reason: c.reason, forced: c.forced }));
  return state.backend;
}

export async function memory(): Promise<MemoryInfo> {
  await init();
  return memoryInfo();
}

export const isGpu = (b: BackendName) => b === 'webgl' || b === 'webgpu';

/** The GPU went away (`when`, in words): WebAssembly from now on. */
export async function afterDeviceLoss(from: BackendInfo, when: string): Promise<BackendInfo> {
  const name = await fallBackToWasm();
  for (const [kind, l] of [...state.loaded]) if (l.kind !== 'ease') state.drop(kind);
  const next: BackendInfo = {
    name,
    forced: false,
    reason: `${backendLabel(name)}, because ${backendLabel(from.name)} stopped working (the GPU was lost ${when}).`,
  };
  state.backend = Promise.resolve(next);
  return next;
}
