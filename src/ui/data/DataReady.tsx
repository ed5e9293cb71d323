import type { DatasetSummary } from '../../../workers/data-api';
import { fromHalfSteps, HALF_STEPS } from '../../core/data/stars';
import { formatBytes, formatCount, formatDate } from '../format';

/** The data set's figures: counts, date range, rating histogram (in halves where it has them). */
export function DataFigures({ summary }: { summary: DatasetSummary }) {
  const halves = summary.halfStars && summary.halves?.length === HALF_STEPS;
  const bars = halves
    ? summary.halves.map((n, i) => ({ stars: fromHalfSteps(i + 1), n }))
    : summary.histogram.map((n, i) => ({ stars: i + 1, n }));
  const max = Math.max(...bars.map((b) => b.n), 1);
  const total = bars.reduce((a, b) => a + b.n, 0) || 1;
  return (
    <div className="figures" data-testid="data-figures">
      <dl className="stats">
        <div>
          <dt>Ratings</dt>
          <dd data-testid="count-ratings">{formatCount(summary.counts.ratings)}</dd>
        </div>
        <div>
          <dt>People</dt>
          <dd data-testid="count-users">{formatCount(summary.counts.users)}</dd>
        </div>
        <div>
          <dt>Movies</dt>
          <dd data-testid="count-movies">{formatCount(summary.counts.movies)}</dd>
        </div>
        <div>
          <dt>Rated between</dt>
          <dd>
            {formatDate(summary.firstTimestamp)} – {formatDate(summary.lastTimestamp)}
          </dd>
        </div>
      </dl>
      <figure className="histogram">
        <figcaption>
          How people rated ({halves ? 'half a star to 5 stars' : '1 to 5 stars'})
        </figcaption>
        <ol>
          {bars.map(({ stars, n }) => (
            <li key={stars}>
              <span className="bar-label">{stars}★</span>
              <span className="bar" style={{ width: `${(n / max) * 100}%` }} />
              <span className="bar-value">
                {formatCount(n)} ({((n / total) * 100).toFixed(1)}%)
              </span>
            </li>
          ))}
        </ol>
      </figure>
      <p className="muted small">
        Source:{' '}
        {summary.source === 'import'
          ? 'your imported file'
          : `prepared ${summary.label ?? 'MovieLens'} shards`}{' '}
        · {formatBytes(summary.bytes)} · data version <code>{summary.dataVersion}</code>. MovieLens
        data © GroupLens Research, University of Minnesota, used under its licence (not for
        redistribution).
      </p>
    </div>
  );
}
