import { useState, type FormEvent } from 'react';
import { AGE_BRACKETS, GENRES, OCCUPATIONS, type Gender } from '../../core/data/types';
import type { Profile } from '../../core/profile';
import { MIN_GENRE_PICKS as MIN_GENRES } from '../../core/recommend/stage';

/** Step 1: pick at least three genres; demographics are optional. No account, nothing sent. */
export function Signup({ onSubmit }: { onSubmit: (p: Profile) => void }) {
  const [genres, setGenres] = useState<string[]>([]);
  const [gender, setGender] = useState<Gender | ''>('');
  const [age, setAge] = useState('');
  const [occupation, setOccupation] = useState('');
  const [tried, setTried] = useState(false);
  const enough = genres.length >= MIN_GENRES;

  const toggle = (g: string) =>
    setGenres((gs) => (gs.includes(g) ? gs.filter((x) => x !== g) : [...gs, g]));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!enough) return;
    onSubmit({
      genres,
      ...(gender ? { gender } : {}),
      ...(age ? { age: Number(age) } : {}),
      ...(occupation ? { occupation: Number(occupation) } : {}),
      createdAt: Date.now(),
    });
  };

  return (
    <form className="panel signup" onSubmit={submit} aria-labelledby="signup-title" noValidate>
      <h1 id="signup-title">What do you like to watch?</h1>
      <p className="lede">
        Pick at least {MIN_GENRES} genres. Your profile stays in this browser — there is no account
        and nothing is sent anywhere.
      </p>
      <fieldset className="genres" aria-describedby="genre-hint">
        <legend className="visually-hidden">Genres</legend>
        {GENRES.map((g) => (
          <label key={g} className="genre-option" data-testid="genre-option" data-genre={g}>
            <input type="checkbox" checked={genres.includes(g)} onChange={() => toggle(g)} />
            <span>{g}</span>
          </label>
        ))}
      </fieldset>
      <p id="genre-hint" className="hint" data-warn={tried && !enough} role="status">
        {enough
          ? `${genres.length} genres picked.`
          : `${genres.length} of ${MIN_GENRES} picked — pick ${MIN_GENRES - genres.length} more to go on.`}
      </p>
      <h2>About you (optional)</h2>
      <p className="hint">
        If you tell us, the first movies we show lean towards what people like you rated most in
        MovieLens. It never leaves this device.
      </p>
      <div className="form-row">
        <label>
          Gender
          <select value={gender} onChange={(e) => setGender(e.target.value as Gender | '')}>
            <option value="">Prefer not to say</option>
            <option value="F">Female</option>
            <option value="M">Male</option>
          </select>
        </label>
        <label>
          Age
          <select value={age} onChange={(e) => setAge(e.target.value)}>
            <option value="">Prefer not to say</option>
            {Object.entries(AGE_BRACKETS).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Occupation
          <select value={occupation} onChange={(e) => setOccupation(e.target.value)}>
            <option value="">Prefer not to say</option>
            {OCCUPATIONS.map((label, code) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <button type="submit" className="primary" data-testid="signup-submit">
        Start rating movies
      </button>
    </form>
  );
}
