/**
 * Writes `name.gz` beside every compressible file of a built site, as static hosts serve them
 * (the test server's sirv sends the .gz to browsers that accept gzip), so what the bench and
 * Lighthouse measure is the transfer a real host makes, not raw bytes.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|wasm|txt)$/;

/** Returns how many files got a .gz twin. */
export async function precompress(dir: string): Promise<number> {
  let n = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    await writeFile(`${path}.gz`, await promisify(gzip)(await readFile(path), { level: 9 }));
    n++;
  }
  return n;
}
