/**
 * "Your ratings follow you across releases": on a data set where the person has no profile yet,
 * offers to bring along the ratings they have in another one, through the history import's
 * matching (by MovieLens id where it still names the same film, else by title and year), with the
 * same summary and review list before anything is saved. The profile (genres, about you) comes
 * along with them.
 */
import { useEffect, useMemo, useState } from 'react';
import { releaseLabel } from '../../core/data/releases';
import type { Profile, UserRating } from '../../core/profile';
import { readStoredProfile, storedProfiles } from '../../storage/profile';
import type { HistoryRead } from '../../core/history/types';
import type { CatalogView } from '../state/useCatalog';
import type { ProfileStore } from '../state/useProfile';
import { actionsAsHistory } from './carryEntries';
import { HistoryImport } from './HistoryImport';

interface Other {
  dataVersion: string;
  release: string;
  actions: number;
}

export function CarryOffer({
  catalog,
  profile,
  label,
  halfStars,
}: {
  catalog: CatalogView;
  profile: ProfileStore;
  label: string;
  halfStars: boolean;
}) {
  const [others, setOthers] = useState<Other[]>([]);
  const [from, setFrom] = useState<{
    other: Other;
    read: HistoryRead;
    profile: Profile | undefined;
  }>();
  const [error, setError] = useState<string>();
  const here = profile.dataVersion;
  useEffect(() => {
    let live = true;
    storedProfiles()
      .then((all) => {
        if (live) setOthers(all.filter((p) => p.dataVersion !== here && p.actions > 0));
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [here]);

  const preset = useMemo(
    () => from && { name: `your ratings in ${releaseLabel(from.other.release)}`, read: from.read },
    [from],
  );

  if (others.length === 0) return null;
  const bring = async (other: Other) => {
    setError(undefined);
    try {
      const stored = await readStoredProfile(other.dataVersion);
      setFrom({
        other,
        read: actionsAsHistory(stored.ratings, `${other.release} profile`),
        profile: stored.profile,
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const signupProfile = (_: readonly UserRating[]) =>
    from?.profile && { ...from.profile, createdAt: Date.now() };

  return (
    <section className="panel carry-offer" data-testid="carry-offer" aria-labelledby="carry-title">
      <h2 id="carry-title">Bring your ratings along</h2>
      <p>
        You have ratings in another data set on this device. Reel can bring them to {label}: by
        MovieLens id where it is the same film here, else by title and year. You see what would be
        saved first.
      </p>
      <ul>
        {others.map((o) => (
          <li key={o.dataVersion}>
            <button
              type="button"
              className="secondary"
              data-testid="carry-from"
              data-release={o.release}
              onClick={() => void bring(o)}
            >
              Bring {o.actions} from {releaseLabel(o.release)}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {preset && (
        <HistoryImport
          catalog={catalog}
          profile={profile}
          label={label}
          halfStars={halfStars}
          preset={preset}
          noFiles
          signupProfile={profile.profile ? undefined : signupProfile}
        />
      )}
    </section>
  );
}
