/**
 * `npm run data` as a child process (scripts/prepare-data.ts under the `.wat` loader that the MF's
 * kernel needs, as package.json runs it): the e2e set-up, the first-visit e2e and the bench
 * prepare shards, with their blend record, exactly as a person's `npm run data` does.
 */
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function runPrepareData(from: string, out: string): void {
  execFileSync(
    'npx',
    [
      'tsx',
      '--import',
      './scripts/lib/wat-register.ts',
      'scripts/prepare-data.ts',
      '--from',
      from,
      '--out',
      out,
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
}
