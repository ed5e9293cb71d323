/**
 * Progress to the page at most once every `ms` within a phase: each message crosses to the main
 * thread and re-renders it, and a download reports every network chunk (dozens a second), which
 * showed as long tasks on a slow phone. A new phase always goes through at once, so the last
 * figure of a phase is never more than `ms` stale and 'done' is never dropped. A message `keep`
 * says yes to always goes too (one that carries a point of a curve).
 */
export function throttleProgress<P extends { phase: string }>(
  send: (p: P) => void,
  ms = 100,
  now: () => number = () => performance.now(),
  keep: (p: P) => boolean = () => false,
): (p: P) => void {
  let last = -Infinity;
  let phase: string | undefined;
  return (p) => {
    if (keep(p)) {
      send(p);
      return;
    }
    const t = now();
    if (p.phase === phase && t - last < ms) return;
    phase = p.phase;
    last = t;
    send(p);
  };
}
