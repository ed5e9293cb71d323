import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from 'react';
import { imdbUrl, searchUrls, tmdbUrl } from '../../core/data/links';
import { displayTitle } from '../../core/features/search';
import { TIERS } from '../../core/features/tiers';
import { similarMovies } from '../../core/recommend/similar';
import { modelWorker } from '../bridge';
import { formatCount } from '../format';
import { CatalogCards } from '../rate/CardList';
import { predictedText, starsLabel, useHalfStars } from '../rate/scale';
import { Stars } from '../rate/Stars';
import { shownStars } from '../recs/ranking';
import { useRatingScores } from '../recs/useModelScores';
import { focusHeading } from '../shell/focus';
import { useReportError } from '../shell/errors';
import type { CatalogView } from '../state/useCatalog';
import type { ModelStore } from '../state/useModels';
import type { ProfileStore } from '../state/useProfile';
import { noteFor } from './detailsRoute';

/** What a mark on the film says, in words. */
const MARK_TEXT = {
  seen: 'You marked it seen.',
  want: 'It is on your watchlist.',
  'not-interested': 'You marked it “not interested”.',
} as const;

/** A link out: a new tab, and nothing of Reel's page or address goes with it. */
function LinkOut({ href, children }: { href: string; children: string }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" data-testid="link-out">
      {children}
    </a>
  );
}

/**
 * A film's details (#/movie/<id>, detailsRoute.ts): title, year, genres, how many people rated
 * it and their average, the person's own rating or the prediction (with the reason when it came
 * from a list), the most similar films (the "Similar" call), and links out: IMDb and TMDB by id
 * where the release ships links.csv, else searches on IMDb and Letterboxd for the title and
 * year. Links out only navigate, in a new tab: Reel fetches nothing from those sites.
 * Its header (title and Close) stays at the top of the dialog while it scrolls, so Close is
 * always in reach on a phone.
 */
export function MovieDetails({
  movieId,
  catalog,
  profile,
  models,
  onClose,
}: {
  movieId: number;
  catalog: CatalogView;
  profile: ProfileStore;
  models: ModelStore;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const report = useReportError();
  const halves = useHalfStars();
  const index = catalog.indexOf.get(movieId);

  // Shown from the first render; closed (focus back to what opened it) on unmount.
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const opener = document.activeElement;
    if (!d.open) d.showModal();
    return () => {
      d.close();
      if (opener instanceof HTMLElement && opener.isConnected && opener !== document.body)
        opener.focus();
      else focusHeading();
    };
  }, []);
  // Another film in the same dialog (a similar film's title): from its top.
  useEffect(() => {
    ref.current?.scrollTo?.(0, 0);
  }, [movieId]);

  const [row, setRow] = useState<{ movie: number; row: Float32Array | undefined } | undefined>();
  useEffect(() => {
    if (index === undefined) return;
    let live = true;
    modelWorker()
      .similar(index)
      .then((r) => live && setRow({ movie: index, row: r }))
      .catch((e: unknown) => {
        if (live) setRow({ movie: index, row: undefined });
        report(e);
      });
    return () => {
      live = false;
    };
  }, [index, report]);
  const similar = useMemo(
    () =>
      index !== undefined && row?.movie === index
        ? similarMovies(index, {
            row: row.row,
            tfidf: catalog.tfidf,
            counts: catalog.ratingCounts,
          })
        : undefined,
    [index, row, catalog],
  );

  // The prediction when the details were not opened from a list (a link, a reload).
  const note = noteFor(movieId);
  const fail = useCallback((e: unknown) => report(e), [report]);
  const signedUp = profile.profile !== undefined;
  const predicted = useRatingScores(
    'mf',
    signedUp && note?.predicted === undefined ? models.slots.mf.info?.trainedAt : undefined,
    profile.starRatings,
    fail,
  );

  const close = (
    <button type="button" onClick={onClose} data-testid="details-close" autoFocus>
      Close
    </button>
  );
  if (index === undefined) {
    return (
      <DetailsShell dialogRef={ref} movieId={movieId} onClose={onClose}>
        <div className="dialog-head details-head">
          <h2 id="details-title">No such film</h2>
          {close}
        </div>
        <p>This data set has no film with the id {movieId}.</p>
      </DetailsShell>
    );
  }

  const m = catalog.movies[index]!;
  const title = displayTitle(m.title);
  const count = catalog.ratingCounts[index] ?? 0;
  const sum = catalog.ratingSums?.[index];
  const mean = sum !== undefined && count > 0 ? sum / count : undefined;
  const mine = profile.ratings.get(movieId);
  const stars = note?.predicted ?? shownStars(predicted?.[index]);
  const search = searchUrls(title.replace(/\s*\(.*\)\s*$/, ''), m.year);

  return (
    <DetailsShell dialogRef={ref} movieId={movieId} onClose={onClose}>
      <div className="dialog-head details-head">
        <h2 id="details-title">
          {title} {m.year !== null && <span className="year">({m.year})</span>}
        </h2>
        {close}
      </div>
      <p className="genres-line" data-testid="details-genres">
        {m.genres.length > 0 ? m.genres.join(' · ') : 'No genres listed'}
        {' · '}
        <span className="muted">{TIERS[catalog.popularity.tiers[index]!].label}</span>
      </p>
      <p data-testid="details-community" data-count={count}>
        {count === 0
          ? 'Nobody in this data set has rated it yet.'
          : `Rated by ${formatCount(count)} ${count === 1 ? 'person' : 'people'}${
              mean !== undefined ? `, ${mean.toFixed(1)} ★ on average` : ''
            }.`}
      </p>
      <div className="details-yours" data-testid="details-yours">
        {typeof mine?.rating === 'number' ? (
          <p>You rated it {starsLabel(mine.rating)}.</p>
        ) : mine?.mark ? (
          <p>{MARK_TEXT[mine.mark]}</p>
        ) : mine ? (
          <p>You marked it “haven’t seen”.</p>
        ) : null}
        {typeof mine?.rating !== 'number' && stars !== undefined && (
          <p className="predicted" data-testid="details-predicted">
            Predicted for you: {predictedText(stars, halves)} ★
          </p>
        )}
        {typeof mine?.rating !== 'number' && note?.why && (
          <p className="why" data-testid="details-why">
            {note.why}
          </p>
        )}
        {signedUp && (
          <Stars
            title={title}
            rating={mine?.rating}
            onRate={(v) => void profile.rate(movieId, v)}
          />
        )}
      </div>
      <section aria-labelledby="details-links">
        <h3 id="details-links">Elsewhere</h3>
        <p className="details-links">
          {m.imdbId !== undefined || m.tmdbId !== undefined ? (
            <>
              {m.imdbId !== undefined && <LinkOut href={imdbUrl(m.imdbId)}>IMDb</LinkOut>}
              {m.tmdbId !== undefined && <LinkOut href={tmdbUrl(m.tmdbId)}>TMDB</LinkOut>}
            </>
          ) : (
            <>
              <LinkOut href={search.imdb}>Search IMDb</LinkOut>
              <LinkOut href={search.letterboxd}>Search Letterboxd</LinkOut>
            </>
          )}
        </p>
        <p className="hint">These open in a new tab; Reel itself fetches nothing from them.</p>
      </section>
      <section aria-labelledby="details-similar">
        <h3 id="details-similar">Similar films</h3>
        {!similar ? (
          <p className="muted">Looking…</p>
        ) : similar.indices.length === 0 ? (
          <p className="muted">None found.</p>
        ) : (
          <CatalogCards
            indices={similar.indices}
            catalog={catalog}
            ratings={profile.ratings}
            onRate={(id, v) => void profile.rate(id, v)}
            data-testid="details-similar"
            data-source={similar.source}
          />
        )}
      </section>
    </DetailsShell>
  );
}

/** The details dialog element; Escape closes through the route (the element closes on unmount). */
function DetailsShell(props: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  movieId: number;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <dialog
      ref={props.dialogRef}
      className="details"
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      aria-labelledby="details-title"
      data-testid="movie-details"
      data-movie-id={props.movieId}
    >
      {props.children}
    </dialog>
  );
}
