import { useId, useState } from 'react';
import {
  HALF_STAR_RULE,
  makeProfileExport,
  importLosses,
  restoreProfileExport,
} from '../../core/profile';
import { readProfile, type ProfileSnapshot } from '../../storage/profile';
import { useDataTraits } from '../data/traits';
import { ReelError } from '../../core/errors';
import { useReportError } from '../shell/errors';
import type { CatalogView } from '../state/useCatalog';
import type { ModelStore } from '../state/useModels';
import type { ProfileStore } from '../state/useProfile';
import { href } from '../shell/useRoute';

/** Export the profile as JSON, import it back, or delete it. Nothing here uses the network. */
export function ProfilePage({
  profile,
  catalog,
  models,
}: {
  profile: ProfileStore;
  catalog: CatalogView;
  models: ModelStore;
}) {
  const report = useReportError();
  const { halfStars } = useDataTraits();
  const inputId = useId();
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState('');
  const stars = profile.starRatings.length;
  // "haven't seen" only: films marked seen, wanted or not interested are counted apart
  const marks = { seen: 0, want: 0, 'not-interested': 0, none: 0 };
  for (const r of profile.ratings.values()) if (r.rating === null) marks[r.mark ?? 'none']++;
  const dismissed = marks.none;

  const exportJson = async () => {
    // What is stored, not this tab's copy: another tab may have changed it a moment ago.
    let stored: ProfileSnapshot;
    try {
      stored = await readProfile();
    } catch (e) {
      report(e);
      return;
    }
    if (!stored.profile || stored.dataVersion === undefined) return;
    const json = JSON.stringify(
      makeProfileExport(stored.profile, stored.ratings, stored.dataVersion),
      null,
      2,
    );
    const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'reel-profile.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setNotice('Your profile was saved as reel-profile.json.');
  };

  const importJson = async (file: File) => {
    try {
      let value: unknown;
      try {
        value = JSON.parse(await file.text());
      } catch {
        throw new ReelError(
          'profile-invalid',
          `${file.name} is not a JSON file, so it cannot be a Reel profile.`,
        );
      }
      const restored = restoreProfileExport(
        value,
        catalog.dataVersion,
        (id) => catalog.indexOf.has(id),
        { halfStars },
      );
      const { profile: p, rounded } = restored;
      // Each action names its film as this catalogue does (the ids were checked above).
      const ratings = restored.ratings.map((r) => {
        const m = catalog.movies[catalog.indexOf.get(r.movieId)!]!;
        return { ...r, title: m.title, year: m.year };
      });
      const loss = importLosses([...profile.ratings.values()], ratings);
      if (
        (loss.missing > 0 || loss.newer > 0) &&
        !window.confirm(
          `${file.name} is older than what this browser holds: importing it would drop ` +
            `${loss.missing} rating${loss.missing === 1 ? '' : 's'} it does not have` +
            (loss.newer
              ? ` and undo ${loss.newer} newer change${loss.newer === 1 ? '' : 's'}`
              : '') +
            '. Replace anyway?',
        )
      ) {
        setNotice('Nothing was imported; your ratings are as they were.');
        return;
      }
      await profile.replace(p, ratings, catalog.dataVersion);
      // Counted as the summary above counts them: stars, then "haven't seen".
      const stars = ratings.filter((r) => r.rating !== null).length;
      setNotice(
        `Imported your profile: ${stars} ratings · ${ratings.length - stars} marked “haven’t seen”.` +
          (rounded ? ` ${HALF_STAR_RULE}` : ''),
      );
    } catch (e) {
      report(e);
    }
  };

  return (
    <section className="panel" aria-labelledby="profile-title">
      <h1 id="profile-title">Your profile</h1>
      <p className="lede">
        Your profile and ratings exist only in this browser. Export them to keep a copy or move them
        to another device.
      </p>
      {profile.profile ? (
        <p data-testid="profile-summary">
          Genres: {profile.profile.genres.join(', ')} · {stars} ratings · {dismissed} marked
          “haven’t seen”
          {marks.seen > 0 && ` · ${marks.seen} seen, unrated`}
          {marks.want > 0 && ` · ${marks.want} to watch`}
          {marks['not-interested'] > 0 && ` · ${marks['not-interested']} not interested`}.
        </p>
      ) : (
        <p>
          No profile yet — <a href={href('home')}>create one</a> or import an export below.
        </p>
      )}
      <div className="buttons">
        <button
          type="button"
          onClick={() => void exportJson()}
          disabled={!profile.profile}
          data-testid="export-profile"
        >
          Export as JSON
        </button>
        <label htmlFor={inputId} className="button">
          Import a JSON export…
        </label>
        <input
          id={inputId}
          type="file"
          accept="application/json,.json"
          className="visually-hidden"
          data-testid="import-profile"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void importJson(f);
          }}
        />
        {!confirming ? (
          <button
            type="button"
            className="danger"
            onClick={() => setConfirming(true)}
            disabled={!profile.profile}
          >
            Reset…
          </button>
        ) : (
          <>
            <button
              type="button"
              className="danger"
              data-testid="reset-confirm"
              onClick={() => {
                setConfirming(false);
                void profile
                  .reset()
                  .then(() => models.forgetUser())
                  .then(() =>
                    setNotice(
                      'Your profile and ratings were deleted, with any model trained on them.',
                    ),
                  );
              }}
            >
              Yes, delete my profile and ratings
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep them
            </button>
          </>
        )}
      </div>
      <p role="status" className="muted" data-testid="profile-notice">
        {notice}
      </p>
    </section>
  );
}
