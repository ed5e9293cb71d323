/**
 * `npm start`: make sure the MovieLens shards exist (download ml-1m.zip from GroupLens, or use
 * `--from <path>` / env ML1M_ZIP), then build the app and serve it, printing its URL.
 * If the data cannot be obtained, say so in one line and serve the app anyway: its first screen
 * then offers to import ml-1m.zip in the browser.
 */
import { build, preview } from 'vite';
import { fromUnknown } from '../src/core/errors';
import { DEFAULT_OUT_DIR, prepareData, shardsPresent } from './prepare-data';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const from = argValue('--from');
  if (!shardsPresent(DEFAULT_OUT_DIR) || from) {
    try {
      await prepareData({ from });
    } catch (e) {
      console.error(
        `Reel: no MovieLens data prepared (${fromUnknown(e).message.replace(/\s+/g, ' ')}); serving the app anyway — import ml-1m.zip on its first screen.`,
      );
    }
  }
  await build({ logLevel: 'warn' });
  const port = Number(argValue('--port') ?? process.env.PORT ?? 4173);
  const server = await preview({
    preview: { port, strictPort: false, host: argValue('--host') ?? 'localhost' },
  });
  console.log('\nReel is running:');
  server.printUrls();
  console.log('Press Ctrl+C to stop.');
}

main().catch((e: unknown) => {
  console.error(`Reel could not start: ${fromUnknown(e).message}`);
  process.exit(1);
});
