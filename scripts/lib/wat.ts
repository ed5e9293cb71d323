/**
 * WebAssembly text (`.wat`) as an ES module: `import bytes from './x.wat'` gives the assembled
 * binary as a Uint8Array, inlined in the importing chunk (a kernel is a few KB, and inline bytes
 * load the same way in a worker, in Vitest and in Node). Assembled by wabt at build time, so no
 * generated binary is committed. Used by vite.config.ts / vitest.config.ts (watPlugin) and by
 * the Node scripts through wat-register.ts. Types: src/models/wat.d.ts.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'vite';
import initWabt from 'wabt';

const FEATURES = { simd: true } as const;

/** The binary of a .wat source; throws wabt's message with the file name on a syntax error. */
async function assembleWat(source: string, filename: string): Promise<Uint8Array> {
  const wabt = await initWabt();
  const module = wabt.parseWat(filename, source, FEATURES);
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

/** ES module source exporting `bytes` as a Uint8Array (base64 in the code). */
function watModuleSource(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64');
  return `export default Uint8Array.from(atob(${JSON.stringify(b64)}), (c) => c.charCodeAt(0));\n`;
}

export async function watToModule(path: string): Promise<string> {
  return watModuleSource(await assembleWat(await readFile(path, 'utf8'), path));
}

/** Vite / Vitest plugin: `.wat` imports become modules exporting their binary. */
export function watPlugin(): Plugin {
  return {
    name: 'reel-wat',
    async load(id) {
      const path = id.split('?')[0]!;
      if (!path.endsWith('.wat')) return null;
      this.addWatchFile(path);
      return watToModule(path);
    },
  };
}
