/**
 * Node byte sources for the MovieLens reader: a file read slice by slice through a file handle
 * (never whole), or every file of a folder (and of its sub-folders, two levels deep).
 */
import { openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ByteSource } from '../../src/core/data/source';

function fileSource(path: string, name = path): ByteSource {
  const size = statSync(path).size;
  return {
    name,
    size,
    read: (offset, length) => {
      const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      const fd = openSync(path, 'r');
      try {
        let at = 0;
        while (at < out.length) {
          const n = readSync(fd, out, at, out.length - at, offset + at);
          if (n === 0) break;
          at += n;
        }
      } finally {
        closeSync(fd);
      }
      return Promise.resolve(out);
    },
  };
}

/** A zip or table file, or a folder's files. */
export function pathSources(path: string, depth = 2): ByteSource[] {
  if (!statSync(path).isDirectory()) return [fileSource(path)];
  const out: ByteSource[] = [];
  for (const name of readdirSync(path).sort()) {
    if (name.startsWith('.')) continue;
    const full = join(path, name);
    const st = statSync(full);
    if (st.isDirectory()) {
      if (depth > 1) out.push(...pathSources(full, depth - 1));
    } else if (st.size > 0) out.push(fileSource(full, full));
  }
  return out;
}
