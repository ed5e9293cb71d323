import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { Profile } from '../core/profile';
import { onConnectionLost } from '../storage/db';
import { DataGate } from './data/DataGate';
import { DataPage } from './data/DataPage';
import { DataTraitsContext } from './data/traits';
import { closeDetails, useDetailsRoute } from './details/detailsRoute';
import { MovieDetails } from './details/MovieDetails';
import { useDataset } from './data/useDataset';
import { formatCount } from './format';
import { MyRatings } from './ratings/MyRatings';
import { ProfilePage } from './profile/ProfilePage';
import { Journey } from './recs/Journey';
import { ErrorSink, ErrorToasts, useClearErrors, useReportError } from './shell/errors';
import { focusHeading } from './shell/focus';
import { StatusBar } from './shell/StatusBar';
import { UpdatePrompt } from './shell/UpdatePrompt';
import { href, useRoute, type Route } from './shell/useRoute';
import { WatchlistPage } from './watchlist/WatchlistPage';
import { Signup } from './signup/Signup';
import { useCatalog } from './state/useCatalog';
import { useModels } from './state/useModels';
import { useProfile } from './state/useProfile';

const NAV: { route: Route; label: string }[] = [
  { route: 'home', label: 'Movies' },
  { route: 'ratings', label: 'Your ratings' },
  { route: 'watchlist', label: 'Watchlist' },
  { route: 'lab', label: 'Model lab' },
  { route: 'data', label: 'Data' },
  { route: 'profile', label: 'Profile' },
];

export function App() {
  return (
    <ErrorSink>
      <Reel />
    </ErrorSink>
  );
}

/** The model lab (and uPlot, its chart library) loads only when someone opens it. */
const ModelLab = lazy(() => import('./lab/ModelLab').then((m) => ({ default: m.ModelLab })));

function Reel() {
  const report = useReportError();
  const clearErrors = useClearErrors();
  // The site's data was cleared under us: what is on screen came from a database that is gone,
  // so start again from what is (still) stored — the first screen, no profile.
  useEffect(() => onConnectionLost(() => window.location.reload()), []);
  const route = useRoute();
  const detailsOf = useDetailsRoute();
  const { data, retry, importFiles, activate, fetchRelease } = useDataset(report, clearErrors);
  const summary = data.state === 'ready' ? data.summary : undefined;
  // Catalogue, models and profile all belong to the active data set and follow a switch.
  const catalog = useCatalog(summary?.dataVersion, report);
  const models = useModels(summary?.dataVersion, report);
  const profile = useProfile(report, summary?.dataVersion, catalog);
  const { cancelAll } = models;
  const switchTo = useCallback(
    (release: string) => activate(release, cancelAll),
    [activate, cancelAll],
  );
  const download = useCallback(
    (release: string) => fetchRelease(release, cancelAll),
    [fetchRelease, cancelAll],
  );
  const halfStars = summary?.halfStars === true;
  const demographics = summary?.demographics !== false;
  const label = summary?.label;
  const traits = useMemo(
    () => ({ halfStars, demographics, label }),
    [halfStars, demographics, label],
  );
  const { create } = profile;
  const signUp = useCallback((p: Profile) => void create(p), [create]);
  const signedUp = profile.profile !== undefined;
  const loaded = profile.loaded;

  // A new view, or the journey right after signup: focus its heading, from the top of the page.
  const seen = useRef({ route, signedUp, loaded });
  useEffect(() => {
    const before = seen.current;
    seen.current = { route, signedUp, loaded };
    if (before.route !== route || (before.loaded && !before.signedUp && signedUp)) focusHeading();
  }, [route, signedUp, loaded]);

  let page: ReactNode = <p className="muted">Opening…</p>;
  if (summary && route === 'data') {
    page = (
      <DataPage
        summary={summary}
        onImport={importFiles}
        onActivate={switchTo}
        onDownload={download}
        report={report}
      />
    );
  } else if (route === 'lab') {
    page = (
      <Suspense fallback={<p className="muted">Opening the model lab…</p>}>
        <ModelLab
          models={models}
          catalog={catalog}
          profile={profile.loaded ? profile : undefined}
        />
      </Suspense>
    );
  } else if (route === 'ratings' && catalog && profile.loaded && profile.profile) {
    page = <MyRatings catalog={catalog} profile={profile} label={summary?.label} />;
  } else if (route === 'watchlist' && catalog && profile.loaded && profile.profile) {
    page = <WatchlistPage catalog={catalog} profile={profile} />;
  } else if (route === 'profile' && catalog) {
    page = <ProfilePage profile={profile} catalog={catalog} models={models} />;
  } else if (catalog && profile.loaded) {
    page = profile.profile ? (
      <Journey catalog={catalog} profile={profile} models={models} />
    ) : (
      <>
        {summary && data.state === 'ready' && data.fresh && (
          <p className="ready-note" data-testid="data-ready-note">
            {summary.label} is on your device ({formatCount(summary.counts.ratings)} ratings of{' '}
            {formatCount(summary.counts.movies)} movies) and Reel now works offline.{' '}
            <a href={href('data')}>See the data set</a>
          </p>
        )}
        <Signup onSubmit={signUp} catalog={catalog} profile={profile} label={summary?.label} />
      </>
    );
  }

  return (
    <div className="app">
      <a className="visually-hidden" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href={href('home')}>
          <img src={`${import.meta.env.BASE_URL}icons/icon.svg`} alt="" width={30} height={30} />
          Reel
        </a>
        {/* Always there, so the header does not change height when the data is ready. */}
        <nav aria-label="Main">
          {NAV.map((n) => (
            <a
              key={n.route}
              href={href(n.route)}
              aria-current={route === n.route ? 'page' : undefined}
            >
              {n.label}
            </a>
          ))}
        </nav>
        <span className="spacer" />
        <StatusBar data={data} models={models} />
      </header>
      <UpdatePrompt />
      <ErrorToasts />
      <main id="main" tabIndex={-1}>
        <DataGate data={data} onRetry={retry} onImport={importFiles}>
          <DataTraitsContext value={traits}>
            {page}
            {/* A film's details (#/movie/<id>) open over the page, linkable and back-button safe. */}
            {detailsOf !== null && catalog && profile.loaded && (
              <MovieDetails
                movieId={detailsOf}
                catalog={catalog}
                profile={profile}
                models={models}
                onClose={() => closeDetails(href(route))}
              />
            )}
          </DataTraitsContext>
        </DataGate>
      </main>
    </div>
  );
}
