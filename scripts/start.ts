/**
 * `npm start`: make sure the MovieLens shards exist (download ml-1m.zip from GroupLens, or use
 * `--from <path>` / env ML1M_ZIP), then build the app and serve it, printing its URL.
 * If the data cannot be obtained, say so in one line and serve the app anyway: its first screen
 * then offers to import ml-1m.zip in the browser.
 */
import { parseArgs } from 'node:util';
import { build, preview } from 'vite';
import { fromUnknown } from '../src/core/errors';
import { DEFAULT_OUT_DIR, prepareData, shardsPresent } from './prepare-data';

const USAGE = `Usage: npm start [-- --from <zip | folder>] [--port <n>] [--host <name>]
  --from  build the data from this copy of a MovieLens release instead of downloading ml-1m.zip
          (default: env ML1M_ZIP, else the download, once)
  --port  port to serve on (default env PORT, else 4173; the next free one if taken)
  --host  interface to listen on (default localhost)`;

async function main() {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const from = values.from;
  if (!shardsPresent(DEFAULT_OUT_DIR) || from) {
    try {
      await prepareData({ from, blend: true });
    } catch (e) {
      console.error(
        `Reel: no MovieLens data prepared (${fromUnknown(e).message.replace(/\s+/g, ' ')}); serving the app anyway — import ml-1m.zip on its first screen.`,
      );
    }
  }
  await build({ logLevel: 'warn' });
  const port = Number(values.port ?? process.env.PORT ?? 4173);
  const server = await preview({
    preview: { port, strictPort: false, host: values.host ?? 'localhost' },
  });
  console.log('\nReel is running:');
  server.printUrls();
  console.log('Press Ctrl+C to stop.');
}

main().catch((e: unknown) => {
  console.error(`Reel could not start: ${fromUnknown(e).message}`);
  process.exit(1);
});
