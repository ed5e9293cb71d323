/**
 * Importing a film history (Letterboxd, IMDb, TMDB, Trakt), entirely in the browser: read the
 * files -> match them to the active catalogue -> a summary, a review list and the films not in
 * this catalogue -> apply as ONE storage transaction -> Undo of the whole import in one step.
 * Nothing is saved before "Save"; reading or matching errors change nothing. Titles from the
 * files are untrusted and only ever rendered as text. The matching runs here, on the main thread,
 * with the catalogue's index built once (historyActions.ts).
 */
import { FileDrop } from '../shell/FileDrop';
import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { readHistory, HISTORY_FORMATS_TEXT } from '../../core/history/read';
import { matchEntries, type EntryMatch } from '../../core/history/match';
import { planImport, WHOLE_STARS_RULE, type HistoryPlan } from '../../core/history/plan';
import { notInCatalogueCsv } from '../../core/history/export';
import type { HistoryEntry, HistoryRead } from '../../core/history/types';
import { displayTitle } from '../../core/features/search';
import type { Profile, UserRating } from '../../core/profile';
import type { CatalogView } from '../state/useCatalog';
import type { ProfileStore } from '../state/useProfile';
import { catalogueIndex, fileSource, toAction, toExisting } from './historyActions';
import { setLastImport, useLastImport } from './lastImport';
import { saveText } from './saveFile';
import { ReelError } from '../../core/errors';

interface Loaded {
  files: string[];
  read: HistoryRead;
  matches: EntryMatch[];
}

export interface HistoryImportProps {
  catalog: CatalogView;
  profile: ProfileStore;
  /** the data set's name, used in reasons ("MovieLens 1M ends in 2000") */
  label: string;
  halfStars: boolean;
  /** at signup: the profile to save with the import (from the genres picked and the import) */
  signupProfile?: (actions: readonly UserRating[]) => Profile | undefined;
  /** called after a successful save */
  onApplied?: () => void;
  /** a history already read (ratings carried from another data set): shown at once */
  preset?: { name: string; read: HistoryRead };
  /** hides the file input (a carry-over) */
  noFiles?: boolean;
}

const valueText = (v: number | string) =>
  typeof v === 'number'
    ? `${v}★`
    : v === 'seen'
      ? 'seen'
      : v === 'watchlist'
        ? 'want to watch'
        : 'haven’t seen';

const entryText = (e: HistoryEntry) => `${e.title}${e.year ? ` (${e.year})` : ''}`;

export function HistoryImport({
  catalog,
  profile,
  label,
  halfStars,
  signupProfile,
  onApplied,
  preset,
  noFiles = false,
}: HistoryImportProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [loaded, setLoaded] = useState<Loaded>();
  const [conflict, setConflict] = useState<'newer' | 'keep-reel'>('newer');
  const [chosen, setChosen] = useState<Map<HistoryEntry, number>>(new Map());
  const [note, setNote] = useState<string>();
  const last = useLastImport(catalog.dataVersion);
  // Planned against Reel's actions at the moment the plan is made (the same file again: nothing).
  const [now] = useState(() => Date.now());

  const plan: HistoryPlan | undefined = useMemo(
    () =>
      loaded &&
      planImport(loaded.matches, loaded.read, [...profile.ratings.values()].map(toExisting), {
        halfStars,
        conflict,
        now,
        chosen,
      }),
    [loaded, profile.ratings, halfStars, conflict, now, chosen],
  );

  useEffect(() => {
    if (!preset) return;
    const ix = catalogueIndex(catalog.movies, label);
    setLoaded({
      files: [preset.name],
      read: preset.read,
      matches: matchEntries(ix, preset.read.entries),
    });
    setChosen(new Map());
  }, [preset, catalog.movies, label]);

  const read = async (files: File[]) => {
    if (!files.length) return;
    setBusy(true);
    setError(undefined);
    setNote(undefined);
    try {
      const history = await readHistory(files.map(fileSource));
      const ix = catalogueIndex(catalog.movies, label);
      setLoaded({
        files: files.map((f) => f.name),
        read: history,
        matches: matchEntries(ix, history.entries),
      });
      setChosen(new Map());
    } catch (e) {
      setLoaded(undefined);
      setError(e instanceof ReelError ? e.message : `${HISTORY_FORMATS_TEXT}`);
    } finally {
      setBusy(false);
    }
  };

  const film = (movieId: number) => {
    const i = catalog.indexOf.get(movieId);
    return i === undefined ? undefined : catalog.movies[i];
  };

  const apply = async () => {
    if (!plan) return;
    setBusy(true);
    setError(undefined);
    try {
      const actions = plan.writes.map((w) => toAction(w, film(w.movieId)));
      const forProfile = signupProfile?.(actions);
      if (actions.length === 0 && !forProfile) {
        setNote('Nothing new to save: Reel already has all of it.');
        setLoaded(undefined);
        return;
      }
      const batch = await profile.applyBatch(actions, forProfile);
      setLastImport(actions.length ? { batch, count: actions.length } : undefined);
      setNote(
        actions.length
          ? `Saved ${actions.length} ${actions.length === 1 ? 'film' : 'films'} from your history.`
          : 'Nothing new to save: Reel already has all of it.',
      );
      setLoaded(undefined);
      onApplied?.();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const undo = async () => {
    if (!last) return;
    setBusy(true);
    try {
      const n = await profile.undoBatch(last.batch);
      setLastImport(undefined);
      setNote(`Undone: ${n} ${n === 1 ? 'film is' : 'films are'} back as they were.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const roundsHalves =
    !halfStars &&
    !!plan?.writes.some((w) => w.entry.stars !== undefined && !Number.isInteger(w.entry.stars));

  return (
    <div className="history-import" data-testid="history">
      {!noFiles && (
        <FileDrop
          onFiles={(files) => void read(files)}
          accept=".zip,.csv,.json"
          disabled={busy}
          dropTestId="history-drop"
          inputTestId="history-import"
        >
          <p>
            Drop your export here, or choose it: a Letterboxd export (the zip or its CSVs), an IMDb
            “Your ratings” CSV, a TMDB ratings CSV or a Trakt backup. It is read on this device;
            nothing is uploaded.
          </p>
        </FileDrop>
      )}
      {busy && (
        <p className="muted" role="status">
          Working…
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="history-error">
          {error}
        </p>
      )}
      {note && (
        <p role="status" data-testid="history-note">
          {note}
        </p>
      )}
      {last && !loaded && (
        <p data-testid="history-last">
          Your last import saved {last.count} {last.count === 1 ? 'film' : 'films'}.{' '}
          <button
            type="button"
            className="secondary"
            data-testid="history-undo"
            disabled={busy}
            onClick={() => void undo()}
          >
            Undo the import
          </button>
        </p>
      )}
      {loaded && plan && (
        <Preview
          loaded={loaded}
          plan={plan}
          label={label}
          conflict={conflict}
          onConflict={setConflict}
          chosen={chosen}
          onChoose={(entry, movieId) =>
            setChosen((m) => {
              const next = new Map(m);
              if (movieId === undefined) next.delete(entry);
              else next.set(entry, movieId);
              return next;
            })
          }
          roundsHalves={roundsHalves}
          genresOf={(movieId) => film(movieId)?.genres ?? []}
          footer={
            <div className="history-actions">
              <button
                type="button"
                className="primary"
                data-testid="history-apply"
                disabled={busy}
                onClick={() => void apply()}
              >
                {plan.writes.length
                  ? `Save ${plan.writes.length} ${plan.writes.length === 1 ? 'film' : 'films'}`
                  : 'Nothing new to save'}
              </button>
              <button type="button" className="secondary" onClick={() => setLoaded(undefined)}>
                Cancel
              </button>
            </div>
          }
        />
      )}
    </div>
  );
}

function Preview({
  loaded,
  plan,
  label,
  conflict,
  onConflict,
  chosen,
  onChoose,
  roundsHalves,
  genresOf,
  footer,
}: {
  loaded: Loaded;
  plan: HistoryPlan;
  label: string;
  conflict: 'newer' | 'keep-reel';
  onConflict: (c: 'newer' | 'keep-reel') => void;
  chosen: ReadonlyMap<HistoryEntry, number>;
  onChoose: (entry: HistoryEntry, movieId: number | undefined) => void;
  roundsHalves: boolean;
  /** the candidate's genres: films of the same title and year can only be told apart by them */
  genresOf: (movieId: number) => readonly string[];
  footer: ReactNode;
}) {
  const id = useId();
  const s = plan.summary;
  const skippedText = Object.entries(loaded.read.skipped)
    .map(([why, n]) => `${n} ${why}`)
    .join(', ');
  return (
    <section className="history-preview" aria-label="What the import would save">
      <div
        data-testid="history-summary"
        data-read={s.read}
        data-matched={s.matched}
        data-review={s.review}
        data-absent={s.absent}
        data-skipped={s.skipped}
        data-already={s.already}
        data-writes={plan.writes.length}
      >
        <p>
          Read {s.read} {s.read === 1 ? 'film' : 'films'} from {loaded.files.join(', ')}:{' '}
          {s.matched} found in {label}, {s.review} to check, {s.absent} not in this catalogue
          {s.skipped ? `, ${s.skipped} skipped (${skippedText})` : ''}
          {s.malformed ? `, ${s.malformed} rows could not be read` : ''}.
        </p>
        <p>
          {s.already} {s.already === 1 ? 'is' : 'are'} already in Reel. {plan.writes.length}{' '}
          {plan.writes.length === 1 ? 'film' : 'films'} would be saved.
        </p>
        {roundsHalves && (
          <p className="hint" data-testid="history-rounding">
            {WHOLE_STARS_RULE}
          </p>
        )}
      </div>
      {s.already > 0 && (
        <fieldset className="history-conflict">
          <legend>Films you already rated in Reel</legend>
          <label>
            <input
              type="radio"
              name={`${id}-conflict`}
              checked={conflict === 'newer'}
              onChange={() => onConflict('newer')}
              data-testid="history-conflict-newer"
            />
            The newer one wins
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-conflict`}
              checked={conflict === 'keep-reel'}
              onChange={() => onConflict('keep-reel')}
              data-testid="history-keep-reel"
            />
            Keep Reel’s
          </label>
          <ul className="history-already">
            {plan.already.map((a) => (
              <li key={a.movieId} data-winner={a.winner}>
                {entryText(a.entry)}: Reel has {valueText(a.reel.value)}, the file{' '}
                {valueText(a.imported)} —{' '}
                {a.winner === 'import'
                  ? 'the file’s is saved'
                  : a.winner === 'same'
                    ? 'the same'
                    : 'Reel’s is kept'}
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {plan.review.length > 0 && (
        <div data-testid="history-review">
          <h3>Which film did you mean?</h3>
          <p className="hint">
            These could be more than one film here. Pick the one you meant, or skip it; Reel never
            guesses.
          </p>
          {plan.review.map((r, k) => (
            <fieldset
              key={`${r.entry.file}:${r.entry.row}`}
              data-testid="history-candidate"
              data-title={r.entry.title}
            >
              <legend>
                {entryText(r.entry)} <span className="muted small">({r.reason})</span>
              </legend>
              {r.candidates.map((c) => (
                <label key={c.movieId}>
                  <input
                    type="radio"
                    name={`${id}-review-${k}`}
                    value={c.movieId}
                    checked={chosen.get(r.entry) === c.movieId}
                    onChange={() => onChoose(r.entry, c.movieId)}
                    data-movie-id={c.movieId}
                  />
                  {displayTitle(c.title)}
                  {c.year ? ` (${c.year})` : ''}{' '}
                  <span className="muted small">
                    {[...genresOf(c.movieId), `MovieLens id ${c.movieId}`].join(' · ')}
                  </span>
                </label>
              ))}
              <label>
                <input
                  type="radio"
                  name={`${id}-review-${k}`}
                  value="skip"
                  checked={!chosen.has(r.entry)}
                  onChange={() => onChoose(r.entry, undefined)}
                  data-testid="history-skip"
                />
                Skip it
              </label>
            </fieldset>
          ))}
        </div>
      )}
      {plan.absent.length > 0 && (
        <details className="history-absent" data-testid="history-absent">
          <summary>
            {plan.absent.length} {plan.absent.length === 1 ? 'film is' : 'films are'} not in this
            catalogue
          </summary>
          <ul>
            {plan.absent.slice(0, 500).map((a) => (
              <li key={`${a.entry.file}:${a.entry.row}`}>
                {entryText(a.entry)} — {a.reason}
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="secondary"
            data-testid="history-absent-csv"
            onClick={() =>
              saveText(
                'reel-not-in-catalogue.csv',
                notInCatalogueCsv(plan.absent.map((a) => ({ entry: a.entry, reason: a.reason }))),
              )
            }
          >
            Save this list as CSV
          </button>
        </details>
      )}
      {loaded.read.malformed.length > 0 && (
        <details data-testid="history-malformed">
          <summary>{loaded.read.malformedCount} rows could not be read</summary>
          <ul>
            {loaded.read.malformed.map((m) => (
              <li key={`${m.file}:${m.row}`}>
                {m.file}, line {m.row}: {m.reason} <code>{m.text}</code>
              </li>
            ))}
          </ul>
        </details>
      )}
      {footer}
    </section>
  );
}
