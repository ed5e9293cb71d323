import { useEffect, useState, type ReactNode } from 'react';
import { onConnectionLost } from '../storage/db';
import { DataGate } from './data/DataGate';
import { DataFigures } from './data/DataReady';
import { ImportDrop } from './data/ImportDrop';
import { useDataset } from './data/useDataset';
import { ModelLab } from './lab/ModelLab';
import { ProfilePage } from './profile/ProfilePage';
import { Journey } from './recs/Journey';
import { ErrorSink, useReportError } from './shell/errors';
import { StatusBar } from './shell/StatusBar';
import { UpdatePrompt } from './shell/UpdatePrompt';
import { href, useRoute, type Route } from './shell/useRoute';
import { Signup } from './signup/Signup';
import { useCatalog } from './state/useCatalog';
import { useModels } from './state/useModels';
import { useProfile } from './state/useProfile';

const NAV: { route: Route; label: string }[] = [
  { route: 'home', label: 'Recommendations' },
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

function Reel() {
  const report = useReportError();
  // The site's data was cleared under us: what is on screen came from a database that is gone,
  // so start again from what is (still) stored — the first screen, no profile.
  useEffect(() => onConnectionLost(() => window.location.reload()), []);
  const route = useRoute();
  const { data, retry, importFiles } = useDataset(report);
  const summary = data.state === 'ready' ? data.summary : undefined;
  const catalog = useCatalog(summary?.dataVersion, report);
  const models = useModels(summary?.dataVersion, report);
  const profile = useProfile(report);
  const [welcomed, setWelcomed] = useState(false);

  let page: ReactNode = <p className="muted">Opening…</p>;
  if (summary && data.state === 'ready' && data.fresh && !welcomed && route === 'home') {
    page = (
      <section className="panel" aria-labelledby="ready-title">
        <h1 id="ready-title">MovieLens is on your device</h1>
        <p className="lede">From now on Reel works offline. Here is what it knows:</p>
        <DataFigures summary={summary} />
        <button type="button" className="primary" onClick={() => setWelcomed(true)}>
          Get started
        </button>
      </section>
    );
  } else if (summary && route === 'data') {
    page = (
      <section className="panel" aria-labelledby="data-title">
        <h1 id="data-title">The data</h1>
        <DataFigures summary={summary} />
        <h2>Use another copy</h2>
        <p className="hint">
          Import your own ml-1m.zip to replace the data (your profile is kept).
        </p>
        <ImportDrop onFiles={importFiles} />
      </section>
    );
  } else if (route === 'lab') {
    page = <ModelLab models={models} />;
  } else if (route === 'profile' && catalog) {
    page = <ProfilePage profile={profile} catalog={catalog} models={models} />;
  } else if (catalog && profile.loaded) {
    page = profile.profile ? (
      <Journey catalog={catalog} profile={profile} models={models} />
    ) : (
      <Signup onSubmit={(p) => void profile.create(p)} />
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
        {summary && (
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
        )}
        <span className="spacer" />
        <StatusBar data={data} models={summary ? models : undefined} />
      </header>
      <UpdatePrompt />
      <main id="main" tabIndex={-1}>
        <DataGate data={data} onRetry={retry} onImport={importFiles}>
          {page}
        </DataGate>
      </main>
    </div>
  );
}
