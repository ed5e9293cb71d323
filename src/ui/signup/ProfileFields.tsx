import { AGE_BRACKETS, GENRES, OCCUPATIONS, type Gender } from '../../core/data/types';

/** The genre checkboxes of the signup form and of "Your ratings". */
export function GenrePicker({
  genres,
  onToggle,
  describedBy,
}: {
  genres: readonly string[];
  onToggle: (genre: string) => void;
  describedBy?: string;
}) {
  return (
    <fieldset className="genres" aria-describedby={describedBy}>
      <legend className="visually-hidden">Genres</legend>
      {GENRES.map((g) => (
        <label key={g} className="genre-option" data-testid="genre-option" data-genre={g}>
          <input type="checkbox" checked={genres.includes(g)} onChange={() => onToggle(g)} />
          <span>{g}</span>
        </label>
      ))}
    </fieldset>
  );
}

export interface About {
  gender: Gender | '';
  age: string;
  occupation: string;
}

/** Optional demographics: gender, age bracket, occupation ('' = prefer not to say). */
export function AboutYou({ value, onChange }: { value: About; onChange: (v: About) => void }) {
  return (
    <div className="form-row">
      <label>
        Gender
        <select
          value={value.gender}
          onChange={(e) => onChange({ ...value, gender: e.target.value as Gender | '' })}
        >
          <option value="">Prefer not to say</option>
          <option value="F">Female</option>
          <option value="M">Male</option>
        </select>
      </label>
      <label>
        Age
        <select value={value.age} onChange={(e) => onChange({ ...value, age: e.target.value })}>
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
        <select
          value={value.occupation}
          onChange={(e) => onChange({ ...value, occupation: e.target.value })}
        >
          <option value="">Prefer not to say</option>
          {OCCUPATIONS.map((label, code) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The form's values as a profile's optional fields. */
export const aboutToProfile = (a: About) => ({
  ...(a.gender ? { gender: a.gender } : {}),
  ...(a.age ? { age: Number(a.age) } : {}),
  ...(a.occupation ? { occupation: Number(a.occupation) } : {}),
});

export const profileToAbout = (p: {
  gender?: Gender;
  age?: number;
  occupation?: number;
}): About => ({
  gender: p.gender ?? '',
  age: p.age === undefined ? '' : String(p.age),
  occupation: p.occupation === undefined ? '' : String(p.occupation),
});
