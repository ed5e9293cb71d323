import { memo, useCallback, useState, type FormEvent } from 'react';
import type { Profile, UserRating } from '../../core/profile';
import { HistoryImport } from '../history/HistoryImport';
import { CarryOffer } from '../history/CarryOffer';
import { genresFrom } from '../history/historyActions';
import type { CatalogView } from '../state/useCatalog';
import type { ProfileStore } from '../state/useProfile';
import { MIN_GENRE_PICKS as MIN_GENRES } from '../../core/recommend/stage';
import { useDataTraits } from '../data/traits';
import { AboutYou, aboutToProfile, GenrePicker, type About } from './ProfileFields';

/**
 * Step 1: pick at least three genres; demographics are optional, and asked only where the data set
 * has them (its raters' gender, age, occupation). No account, nothing sent. Or bring a film
 * history from another site: an import here saves the profile with it (the genres picked, made up
 * to three from the genres of the films liked most), so its ratings count at once.
 * Memoized: the page around it re-renders on every training progress update.
 */
export const Signup = memo(function Signup({
  onSubmit,
  catalog,
  profile,
  label = 'this data set',
}: {
  onSubmit: (p: Profile) => void;
  catalog?: CatalogView;
  profile?: ProfileStore;
  label?: string;
}) {
  const [genres, setGenres] = useState<string[]>([]);
  const [about, setAbout] = useState<About>({ gender: '', age: '', occupation: '' });
  const [tried, setTried] = useState(false);
  const { demographics, halfStars } = useDataTraits();
  const enough = genres.length >= MIN_GENRES;

  const toggle = (g: string) =>
    setGenres((gs) => (gs.includes(g) ? gs.filter((x) => x !== g) : [...gs, g]));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!enough) return;
    onSubmit({ genres, ...(demographics ? aboutToProfile(about) : {}), createdAt: Date.now() });
  };

  const signupProfile = useCallback(
    (actions: readonly UserRating[]): Profile | undefined => {
      if (!catalog) return undefined;
      const film = (id: number) => {
        const i = catalog.indexOf.get(id);
        return i === undefined ? undefined : catalog.movies[i];
      };
      const picked = genresFrom(genres, actions, film);
      if (picked.length < MIN_GENRES) return undefined;
      return {
        genres: picked,
        ...(demographics ? aboutToProfile(about) : {}),
        createdAt: Date.now(),
      };
    },
    [catalog, genres, demographics, about],
  );

  return (
    <>
      {catalog && profile && (
        <CarryOffer catalog={catalog} profile={profile} label={label} halfStars={halfStars} />
      )}
      <form className="panel signup" onSubmit={submit} aria-labelledby="signup-title" noValidate>
        <h1 id="signup-title" tabIndex={-1}>
          What do you like to watch?
        </h1>
        <p className="lede">
          Pick at least {MIN_GENRES} genres. Your profile stays in this browser — there is no
          account and nothing is sent anywhere.
        </p>
        <GenrePicker genres={genres} onToggle={toggle} describedBy="genre-hint" />
        <p id="genre-hint" className="hint" data-warn={tried && !enough} role="status">
          {enough
            ? `${genres.length} genres picked.`
            : `${genres.length} of ${MIN_GENRES} picked — pick ${MIN_GENRES - genres.length} more to go on.`}
        </p>
        {demographics && (
          <>
            <h2>About you (optional)</h2>
            <p className="hint">
              If you tell us, the first movies we show lean towards what people like you rated most
              in MovieLens. It never leaves this device.
            </p>
            <AboutYou value={about} onChange={setAbout} />
          </>
        )}
        <button type="submit" className="primary" data-testid="signup-submit">
          Start rating movies
        </button>
      </form>
      {catalog && profile && (
        <section className="panel signup-history" aria-labelledby="signup-history-title">
          <h2 id="signup-history-title">Already rate films elsewhere?</h2>
          <p className="hint">
            Bring your ratings from Letterboxd, IMDb, TMDB or Trakt and skip rating films one by
            one. Pick genres above first if you like; otherwise Reel takes them from the films you
            rated highest.
          </p>
          <HistoryImport
            catalog={catalog}
            profile={profile}
            label={label}
            halfStars={halfStars}
            signupProfile={signupProfile}
          />
        </section>
      )}
    </>
  );
});
