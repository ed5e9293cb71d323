import { memo, useState, type FormEvent } from 'react';
import type { Profile } from '../../core/profile';
import { MIN_GENRE_PICKS as MIN_GENRES } from '../../core/recommend/stage';
import { useDataTraits } from '../data/traits';
import { AboutYou, aboutToProfile, GenrePicker, type About } from './ProfileFields';

/**
 * Step 1: pick at least three genres; demographics are optional, and asked only where the data set
 * has them (its raters' gender, age, occupation). No account, nothing sent.
 */
/** Memoized: the page around it re-renders on every training progress update. */
export const Signup = memo(function Signup({ onSubmit }: { onSubmit: (p: Profile) => void }) {
  const [genres, setGenres] = useState<string[]>([]);
  const [about, setAbout] = useState<About>({ gender: '', age: '', occupation: '' });
  const [tried, setTried] = useState(false);
  const { demographics } = useDataTraits();
  const enough = genres.length >= MIN_GENRES;

  const toggle = (g: string) =>
    setGenres((gs) => (gs.includes(g) ? gs.filter((x) => x !== g) : [...gs, g]));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!enough) return;
    onSubmit({ genres, ...(demographics ? aboutToProfile(about) : {}), createdAt: Date.now() });
  };

  return (
    <form className="panel signup" onSubmit={submit} aria-labelledby="signup-title" noValidate>
      <h1 id="signup-title" tabIndex={-1}>
        What do you like to watch?
      </h1>
      <p className="lede">
        Pick at least {MIN_GENRES} genres. Your profile stays in this browser — there is no account
        and nothing is sent anywhere.
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
            If you tell us, the first movies we show lean towards what people like you rated most in
            MovieLens. It never leaves this device.
          </p>
          <AboutYou value={about} onChange={setAbout} />
        </>
      )}
      <button type="submit" className="primary" data-testid="signup-submit">
        Start rating movies
      </button>
    </form>
  );
});
