/**
 * Downloads a file into memory with a progress bar and checks it against the MD5 digest published
 * beside it (`<url>.md5` by default). Failures are ReelErrors with one plain line:
 * 'network' (offline, blocked, HTTP error) or 'checksum' (digest mismatch).
 */
import cliProgress from 'cli-progress';
import { readAll } from '../../src/core/data/bytes';
import { ReelError } from '../../src/core/errors';
import { parseMd5File, verifyMd5 } from './checksum';

export interface DownloadOptions {
  url: string;
  /** Where the MD5 digest is published; default `${url}.md5`. */
  checksumUrl?: string;
  /** Draw a progress bar on stderr (default: when stderr is a terminal). */
  progress?: boolean;
  signal?: AbortSignal;
}

export async function downloadVerified(opts: DownloadOptions): Promise<Uint8Array> {
  const checksumUrl = opts.checksumUrl ?? `${opts.url}.md5`;
  const progress = opts.progress ?? !!process.stderr.isTTY;
  const bytes = await fetchBytes(opts.url, { signal: opts.signal, progress });
  const expected = parseMd5File(
    new TextDecoder().decode(await fetchBytes(checksumUrl, { signal: opts.signal })),
  );
  verifyMd5(bytes, expected, `${fileName(opts.url)} from ${new URL(opts.url).host}`);
  return bytes;
}

/** GETs a URL into memory, streaming, with an optional progress bar. */
export async function fetchBytes(
  url: string,
  opts: { progress?: boolean; signal?: AbortSignal } = {},
): Promise<Uint8Array> {
  const fail = (why: string) =>
    new ReelError(
      'network',
      `Could not download ${fileName(url)} from ${new URL(url).host}: ${why}`,
    );
  let res: Response;
  try {
    res = await fetch(url, { signal: opts.signal });
  } catch (e) {
    throw fail(causeOf(e));
  }
  if (!res.ok || !res.body) throw fail(`HTTP ${res.status} ${res.statusText}`.trim());
  const total = Number(res.headers.get('content-length')) || 0;
  const bar = opts.progress
    ? new cliProgress.SingleBar(
        {
          format: `${fileName(url)} [{bar}] {percentage}% | {mb} of {totalMb} MB | ETA {eta}s`,
          stream: process.stderr,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  bar?.start(total || 1, 0, { mb: mb(0), totalMb: total ? mb(total) : '?' });
  let out: Uint8Array;
  try {
    out = await readAll(res.body, (got) =>
      bar?.update(total ? Math.min(got, total) : 0, { mb: mb(got) }),
    );
  } catch (e) {
    throw fail(causeOf(e));
  } finally {
    bar?.stop();
  }
  if (total && out.length !== total)
    throw fail(`the connection closed after ${out.length} of ${total} bytes`);
  return out;
}

function fileName(url: string): string {
  return new URL(url).pathname.split('/').pop() || url;
}

/** Plain words for the network failures people meet; the system's code only for the rest. */
const PLAIN: Record<string, string> = {
  ENOTFOUND: 'this computer seems to be offline (the server’s name could not be looked up)',
  EAI_AGAIN: 'this computer seems to be offline (the server’s name could not be looked up)',
  ECONNREFUSED: 'the server refused the connection',
  ECONNRESET: 'the connection was cut',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  ENETUNREACH: 'this computer seems to be offline (no network)',
  EHOSTUNREACH: 'the server cannot be reached',
};

/**
 * Node's fetch says only "fetch failed"; the reason (ENOTFOUND, ECONNREFUSED...) is in `cause`,
 * in words like "getaddrinfo ENOTFOUND files.grouplens.org" — said here in plain words.
 */
export function causeOf(e: unknown): string {
  const cause = (e as { cause?: unknown }).cause;
  const c = cause instanceof Error ? cause : e instanceof Error ? e : null;
  if (!c) return String(e);
  const code = (c as { code?: unknown }).code;
  if (typeof code === 'string' && PLAIN[code]) return PLAIN[code];
  return typeof code === 'string' && !c.message.includes(code)
    ? `${c.message} (${code})`
    : c.message;
}
