/**
 * The browser every Node-side tool drives (end-to-end tests, bench): Debian's Chromium through
 * playwright-core, with the flags that work headless as root on a machine without a GPU.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--enable-unsafe-swiftshader',
  // A WebGPU adapter (SwiftShader, a fallback adapter: never chosen by the race, only forced).
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * The flags for a machine WITH a GPU (`REEL_GPU=1`, e.g. the bench with --backend webgl|webgpu on
 * a GPU machine): the hardware GPU stays on (no --disable-gpu), Vulkan for WebGPU.
 */
const CHROMIUM_GPU_ARGS = [
  ...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu'),
  '--ignore-gpu-blocklist',
  '--enable-features=Vulkan',
];

export const chromiumArgs = (): string[] =>
  process.env.REEL_GPU === '1' ? CHROMIUM_GPU_ARGS : CHROMIUM_ARGS;
