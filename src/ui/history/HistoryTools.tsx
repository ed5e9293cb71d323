/**
 * The history tools on "Your ratings": import from another site, and save Reel's ratings as a CSV
 * in Letterboxd's import format to take them elsewhere.
 */
import { catalogueLinks } from '../../core/data/links';
import { letterboxdCsv } from '../../core/history/export';
import { oldestFirst } from '../../core/profile/ordering';
import { useDataTraits } from '../data/traits';
import type { CatalogView } from '../state/useCatalog';
import type { ProfileStore } from '../state/useProfile';
import { toReelAction } from './historyActions';
import { HistoryImport } from './HistoryImport';
import { useLastImport } from './lastImport';
import { saveText } from './saveFile';

export function HistoryTools({
  catalog,
  profile,
  label,
}: {
  catalog: CatalogView;
  profile: ProfileStore;
  label: string;
}) {
  const { halfStars } = useDataTraits();
  const last = useLastImport(catalog.dataVersion);
  const exportable = [...profile.ratings.values()].filter(
    (r) => r.rating !== null || r.mark === 'seen',
  );
  const save = () =>
    saveText(
      'reel-letterboxd.csv',
      letterboxdCsv([...exportable].sort(oldestFirst).map(toReelAction), {
        label,
        movies: catalog.movies,
        links: catalogueLinks(catalog.movies),
      }),
    );
  return (
    <section className="panel history-tools" aria-labelledby="history-tools-title">
      <h2 id="history-tools-title">Your film history</h2>
      <details open={last !== undefined}>
        <summary data-testid="history-open">Import from Letterboxd, IMDb, TMDB or Trakt</summary>
        <HistoryImport catalog={catalog} profile={profile} label={label} halfStars={halfStars} />
      </details>
      <p>
        <button
          type="button"
          className="secondary"
          data-testid="export-letterboxd"
          disabled={exportable.length === 0}
          onClick={save}
        >
          Save for Letterboxd (CSV)
        </button>{' '}
        <span className="muted small">
          Your ratings and “seen” films in Letterboxd’s import format, to take them elsewhere.
        </span>
      </p>
    </section>
  );
}
