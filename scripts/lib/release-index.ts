/**
 * Writes data/index.json (src/core/data/releaseIndex.ts) for a folder of release folders, e.g.
 * public/data/: every sub-folder holding a complete shard set (its manifest.json and every file
 * it lists, at the listed size) is listed under its manifest's release; anything else is left out.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest, type Manifest } from '../../src/core/data/manifest';
import {
  RELEASE_INDEX_FILE,
  releaseIndexOf,
  type ReleaseIndex,
} from '../../src/core/data/releaseIndex';

/** The complete shard set in `dir`, or undefined. */
function completeManifest(dir: string): Manifest | undefined {
  try {
    const m = parseManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const ok = m.files.every((f) => statSync(join(dir, f.name)).size === f.bytes);
    return ok ? m : undefined;
  } catch {
    return undefined;
  }
}

/** The index of the release folders in `dataDir` (a folder counts only under its release's id). */
export function scanReleases(dataDir: string): ReleaseIndex {
  const manifests: Manifest[] = [];
  if (existsSync(dataDir))
    for (const name of readdirSync(dataDir).sort()) {
      if (name.startsWith('.') || !statSync(join(dataDir, name)).isDirectory()) continue;
      const m = completeManifest(join(dataDir, name));
      if (m && m.release === name) manifests.push(m);
    }
  return releaseIndexOf(manifests);
}

/** Writes `dataDir`/index.json for what the folder holds now; returns it. */
export async function writeReleaseIndex(dataDir: string): Promise<ReleaseIndex> {
  const index = scanReleases(dataDir);
  const path = join(dataDir, RELEASE_INDEX_FILE);
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(index, null, 2)}\n`);
  await rename(tmp, path);
  return index;
}
