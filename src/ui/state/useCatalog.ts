/**
 * The movie catalogue on the main thread: movies, popularity tiers, genre TF-IDF and the title
 * search index. Built once per data version from the data worker's small `catalog()` answer, so a
 * switch of the active data set brings its own catalogue.
 */
import { useEffect, useState } from 'react';
import type { Catalog } from '../../../workers/data-api';
import { fitGenreTfidf, type GenreTfidf } from '../../core/features/tfidf';
import { computePopularity, type Popularity } from '../../core/features/tiers';
import { buildSearchIndex, type SearchIndex } from '../../core/features/search';
import { dataWorker } from '../bridge';

export interface CatalogView extends Catalog {
  popularity: Popularity;
  tfidf: GenreTfidf;
  searchIndex: SearchIndex;
  /** movie id -> index into `movies` */
  indexOf: Map<number, number>;
}

export function useCatalog(dataVersion: string | undefined, report: (e: unknown) => void) {
  const [catalog, setCatalog] = useState<CatalogView | undefined>();
  useEffect(() => {
    if (!dataVersion) return;
    let live = true;
    dataWorker()
      .catalog()
      .then((c) => {
        if (!live) return;
        setCatalog({
          ...c,
          popularity: computePopularity(c.ratingCounts),
          tfidf: fitGenreTfidf(c.movies),
          searchIndex: buildSearchIndex(c.movies, { counts: c.ratingCounts }),
          indexOf: new Map(c.movies.map((m, i) => [m.id, i])),
        });
      })
      .catch(report);
    return () => {
      live = false;
    };
  }, [dataVersion, report]);
  // Another data set's catalogue (before a switch) is never shown for this one.
  return catalog?.dataVersion === dataVersion ? catalog : undefined;
}
