/** Small display helpers shared by the views. */
const nf = new Intl.NumberFormat('en-US');

export const formatCount = (n: number) => nf.format(n);

/** A test figure (RMSE, HR@10…) to three decimals; '–' where there is none. */
export const formatMetric = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3);

/** A share (0..1) as a whole percentage: 0.1 -> "10%". */
export const formatPercent = (share: number) => `${Math.round(100 * share)}%`;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '…';
  if (seconds < 1) return 'less than a second';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** "about 2 min 5 s left", "almost done" — never "about less than a second left". */
export function timeLeftText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'estimating…';
  if (seconds < 1) return 'almost done';
  return `about ${formatDuration(seconds)} left`;
}

export function formatDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toLocaleDateString('en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
}
