import { describe, expect, it, vi } from 'vitest';
import { parseBackendName } from '../../../src/core/kinds';
import { decideBackend, isSoftwareAdapter, isSoftwareRenderer } from '../../../src/models/race';
import { type GpuFound } from '../../../src/models/race';

const wasm = { ms: 10, simd: true };
const gpu = (o: Partial<GpuFound> & Pick<GpuFound, 'name'>): GpuFound => ({
  device: 'NVIDIA GeForce',
  software: false,
  float32: true,
  ...o,
});

describe('backend race rules', () => {
  it('a hardware GPU backend wins only when its measured step is faster than wasm', () => {
    expect(decideBackend([gpu({ name: 'webgl', ms: 4 })], wasm).name).toBe('webgl');
    const slower = decideBackend([gpu({ name: 'webgl', ms: 14 })], wasm);
    expect(slower.name).toBe('wasm');
    expect(slower.reason).toMatch(/measured slower \(14\.0 vs 10\.0 ms\)/);
  });

  it('webgpu is a candidate beside webgl: the fastest one wins', () => {
    const both = [gpu({ name: 'webgpu', ms: 2 }), gpu({ name: 'webgl', ms: 4 })];
    expect(decideBackend(both, wasm).name).toBe('webgpu');
    const glFaster = [gpu({ name: 'webgpu', ms: 5 }), gpu({ name: 'webgl', ms: 3 })];
    expect(decideBackend(glFaster, wasm).name).toBe('webgl');
  });

  it('software devices are never chosen by default, however fast they measure', () => {
    const soft = [
      gpu({ name: 'webgpu', device: 'google swiftshader', software: true, ms: 1 }),
      gpu({ name: 'webgl', device: 'ANGLE (SwiftShader)', software: true, ms: 1 }),
    ];
    const r = decideBackend(soft, wasm);
    expect(r.name).toBe('wasm');
    expect(r.reason).toMatch(/WebGPU here is a software renderer/);
    expect(r.reason).toMatch(/WebGL here is a software renderer/);
  });

  it('WebGL without float32 render targets is not used for training', () => {
    const r = decideBackend([gpu({ name: 'webgl', float32: false, ms: 1 })], wasm);
    expect(r.name).toBe('wasm');
    expect(r.reason).toMatch(/cannot render float32/);
  });

  it('a GPU backend that failed to start loses; without wasm a working GPU wins, else cpu', () => {
    expect(decideBackend([gpu({ name: 'webgpu', ms: null })], wasm).reason).toMatch(
      /failed to start/,
    );
    expect(decideBackend([gpu({ name: 'webgl', ms: 50 })], null).name).toBe('webgl');
    expect(decideBackend([], null).name).toBe('cpu');
    expect(decideBackend([], wasm).reason).toMatch(/no GPU backend is available/);
  });

  it('recognises software adapters and renderers', () => {
    expect(isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'ampere' })).toBe(false);
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device))')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.7, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060)')).toBe(false);
  });

  it('parses the ?backend= override', () => {
    expect(parseBackendName('webgpu')).toBe('webgpu');
    expect(parseBackendName(' WebGL ')).toBe('webgl');
    expect(parseBackendName('cuda')).toBeUndefined();
    expect(parseBackendName(null)).toBeUndefined();
  });
});

describe('webgpuInfo', () => {
  it("reads the adapter's info from its getters (a spread of GPUAdapterInfo copies nothing)", async () => {
    class AdapterInfo {
      get vendor() {
        return 'google';
      }
      get architecture() {
        return 'swiftshader';
      }
      get description() {
        return '';
      }
      get isFallbackAdapter() {
        return true;
      }
    }
    const { webgpuInfo } = await import('../../../src/models/backend');
    vi.stubGlobal('navigator', {
      gpu: { requestAdapter: async () => ({ info: new AdapterInfo() }) },
    });
    try {
      expect(await webgpuInfo()).toEqual({ device: 'google swiftshader', software: true });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
