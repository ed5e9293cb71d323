import { useId, useState } from 'react';
import type { Profile } from '../../core/profile';
import { MIN_GENRE_PICKS } from '../../core/recommend/stage';
import {
  AboutYou,
  aboutToProfile,
  GenrePicker,
  profileToAbout,
  type About,
} from '../signup/ProfileFields';
import { useDataTraits } from '../data/traits';

/** Change the genres and the optional demographics given at signup; saved on "Save". */
export function TasteEditor({
  profile,
  onSave,
}: {
  profile: Profile;
  onSave: (p: Profile) => Promise<void>;
}) {
  const hintId = useId();
  const { demographics } = useDataTraits();
  const [genres, setGenres] = useState<string[]>(profile.genres);
  const [about, setAbout] = useState<About>(() => profileToAbout(profile));
  const [saved, setSaved] = useState('');
  const enough = genres.length >= MIN_GENRE_PICKS;
  const changed =
    genres.join() !== profile.genres.join() ||
    JSON.stringify(aboutToProfile(about)) !==
      JSON.stringify(aboutToProfile(profileToAbout(profile)));

  const toggle = (g: string) => {
    setSaved('');
    setGenres((gs) => (gs.includes(g) ? gs.filter((x) => x !== g) : [...gs, g]));
  };

  return (
    <form
      className="taste"
      aria-labelledby={`${hintId}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!enough) return;
        const { gender: _g, age: _a, occupation: _o, ...rest } = profile;
        void onSave({ ...rest, genres, ...aboutToProfile(about) }).then(() =>
          setSaved('Saved. Your lists now follow these choices.'),
        );
      }}
    >
      <h2 id={`${hintId}-title`}>{demographics ? 'Your genres and about you' : 'Your genres'}</h2>
      <GenrePicker genres={genres} onToggle={toggle} describedBy={hintId} />
      <p id={hintId} className="hint" data-warn={!enough} role="status">
        {enough
          ? `${genres.length} genres picked.`
          : `Pick at least ${MIN_GENRE_PICKS} genres (${genres.length} now).`}
      </p>
      {demographics && (
        <AboutYou
          value={about}
          onChange={(a) => {
            setSaved('');
            setAbout(a);
          }}
        />
      )}
      <div className="buttons">
        <button type="submit" disabled={!enough || !changed} data-testid="save-taste">
          Save changes
        </button>
        <span role="status" className="muted" data-testid="taste-saved">
          {saved}
        </span>
      </div>
    </form>
  );
}
