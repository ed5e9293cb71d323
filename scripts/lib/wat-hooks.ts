/** Node module hook (registered by wat-register.ts): loads `.wat` files as modules (wat.ts). */
import { fileURLToPath } from 'node:url';
import { watToModule } from './wat.ts';

interface LoadResult {
  format: string;
  source: string;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context: unknown) => Promise<unknown>;

export async function load(url: string, context: unknown, next: NextLoad): Promise<unknown> {
  if (!url.startsWith('file:') || !url.split('?')[0]!.endsWith('.wat')) return next(url, context);
  const result: LoadResult = {
    format: 'module',
    source: await watToModule(fileURLToPath(url.split('?')[0]!)),
    shortCircuit: true,
  };
  return result;
}
