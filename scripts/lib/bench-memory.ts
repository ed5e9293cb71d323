/**
 * Memory probe for the bench. Two figures, labelled for what they are:
 * - main-thread JS heap: the page's `JSHeapUsedSize` (CDP Performance.getMetrics), sampled every
 *   ~100 ms. Workers' heaps are NOT in it.
 * - renderer RSS peak: the kernel's high-water mark (VmHWM in /proc/<pid>/status) of the Chromium
 *   renderer processes started by this Node process — the page, its workers, wasm memory and all.
 *   Linux only; 0 elsewhere. Launch a fresh browser per measured phase so the mark is the phase's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

export interface MemoryPeaks {
  /** largest main-thread JS heap seen (bytes) */
  peakHeapBytes: number;
  /** largest VmHWM among this session's renderer processes (bytes) */
  peakRendererRssBytes: number;
  heapSamples: number;
  /**
   * CPU seconds (user + system) the renderer processes spent while probed: on a loaded machine
   * the wall-clock figures grow with the load, this much less.
   */
  rendererCpuSeconds: number;
}

export interface MemoryProbe {
  /** forget the peaks seen so far (the RSS high-water mark is the kernel's and stays) */
  resetHeap(): void;
  peaks(): MemoryPeaks;
  stop(): Promise<MemoryPeaks>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Pids of the Chromium renderer processes descending from this Node process. */
function rendererPids(root = process.pid): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  for (const name of entries) {
    const stat = readText(`/proc/${name}/stat`);
    if (!stat) continue;
    // "pid (comm) state ppid ..." — comm may hold spaces, so parse after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length) {
    const pid = queue.shift()!;
    queue.push(...(children.get(pid) ?? []));
    const cmd = readText(`/proc/${pid}/cmdline`);
    if (cmd?.includes('--type=renderer')) out.push(pid);
  }
  return out;
}

/** CPU seconds (utime + stime) a process has used (0 when unknown). */
function cpuSeconds(pid: number): number {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields 14 and 15 of stat (utime, stime), in clock ticks (100 a second on Linux)
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** VmHWM of a process in bytes (0 when unknown). */
function peakRss(pid: number): number {
  const m = /VmHWM:\s+(\d+)\s+kB/.exec(readText(`/proc/${pid}/status`) ?? '');
  return m ? Number(m[1]) * 1024 : 0;
}

export async function startMemoryProbe(
  context: BrowserContext,
  page: Page,
  intervalMs = 100,
): Promise<MemoryProbe> {
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  let peakHeap = 0;
  let samples = 0;
  const rssByPid = new Map<number, number>();
  /** CPU seconds of each renderer when first seen, and last seen */
  const cpuFrom = new Map<number, number>(rendererPids().map((p) => [p, cpuSeconds(p)]));
  const cpuNow = new Map<number, number>();
  let pids: number[] = [];
  let stopped = false;

  const loop = (async () => {
    for (let tick = 0; !stopped; tick++) {
      const t0 = Date.now();
      try {
        const { metrics } = await cdp.send('Performance.getMetrics');
        const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
        if (heap !== undefined) {
          peakHeap = Math.max(peakHeap, heap);
          samples++;
        }
      } catch {
        // mid-navigation: the next sample will do
      }
      if (tick % 5 === 0) pids = rendererPids();
      for (const pid of pids) {
        rssByPid.set(pid, Math.max(rssByPid.get(pid) ?? 0, peakRss(pid)));
        const cpu = cpuSeconds(pid);
        if (!cpuFrom.has(pid)) cpuFrom.set(pid, 0); // started after the probe
        if (cpu > 0) cpuNow.set(pid, cpu);
      }
      await sleep(Math.max(0, intervalMs - (Date.now() - t0)));
    }
  })();

  const peaks = (): MemoryPeaks => ({
    peakHeapBytes: peakHeap,
    peakRendererRssBytes: Math.max(0, ...rssByPid.values()),
    heapSamples: samples,
    rendererCpuSeconds:
      Math.round(
        [...cpuNow].reduce((sum, [pid, cpu]) => sum + cpu - (cpuFrom.get(pid) ?? 0), 0) * 10,
      ) / 10,
  });
  return {
    resetHeap: () => {
      peakHeap = 0;
      samples = 0;
    },
    peaks,
    stop: async () => {
      stopped = true;
      await loop;
      for (const pid of rendererPids()) {
        rssByPid.set(pid, Math.max(rssByPid.get(pid) ?? 0, peakRss(pid)));
        const cpu = cpuSeconds(pid);
        if (cpu > 0) cpuNow.set(pid, cpu);
      }
      await cdp.detach().catch(() => undefined);
      return peaks();
    },
  };
}

/**
 * Runs in the page: the origin's IndexedDB bytes (Chromium's `usageDetails.indexedDB`), else its
 * whole storage use (IndexedDB plus the app's cached files).
 */
export async function indexedDbBytes(): Promise<number> {
  const e = (await navigator.storage.estimate()) as StorageEstimate & {
    usageDetails?: { indexedDB?: number };
  };
  return e.usageDetails?.indexedDB ?? e.usage ?? 0;
}
