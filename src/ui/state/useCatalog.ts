/**
 * The movie catalogue on the main thread: movies, popularity tiers, genre TF-IDF and the title
 * search index (built in slices after the first paint, so the first screen is not held up by
 * it). Built once per data version from the data worker's small `catalog()` answer, so a
 * switch of the active data set brings its own catalogue.
 */
import { useEffect, useState } from 'react';
import type { Catalog } from '../../../workers/data-api';
import { fitGenreTfidf, type GenreTfidf } from '../../core/features/tfidf';
import { computePopularity, type Popularity } from '../../core/features/tiers';
import {
  buildSearchIndex,
  buildSearchIndexInSlices,
  type SearchIndex,
} from '../../core/features/search';
import { dataWorker } from '../bridge';

export interface CatalogView extends Catalog {
  popularity: Popularity;
  tfidf: GenreTfidf;
  searchIndex: SearchIndex;
  /** movie id -> index into `movies` */
  indexOf: Map<number, number>;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function useCatalog(dataVersion: string | undefined, report: (e: unknown) => void) {
  const [catalog, setCatalog] = useState<CatalogView | undefined>();
  useEffect(() => {
    if (!dataVersion) return;
    let live = true;
    dataWorker()
      .catalog()
      .then((c) => {
        if (!live) return;
        let index: SearchIndex | undefined;
        const view: CatalogView = {
          ...c,
          popularity: computePopularity(c.ratingCounts),
          tfidf: fitGenreTfidf(c.movies),
          // The title index is the largest piece: built in small slices after the first paint
          // (no long task), or at once if someone searches before that is done.
          get searchIndex() {
            return (index ??= buildSearchIndex(c.movies, { counts: c.ratingCounts }));
          },
          indexOf: new Map(c.movies.map((m, i) => [m.id, i])),
        };
        setCatalog(view);
        void buildSearchIndexInSlices(c.movies, { counts: c.ratingCounts }, nextTask).then(
          (built) => void (index ??= built),
        );
      })
      .catch(report);
    return () => {
      live = false;
    };
  }, [dataVersion, report]);
  // Another data set's catalogue (before a switch) is never shown for this one.
  return catalog?.dataVersion === dataVersion ? catalog : undefined;
}
