/**
 * What the active data set offers, from its summary: half-star ratings (ML-10M and the CSV
 * releases) and raters' demographics (ML-100K, ML-1M). Provided once by the app; the star groups,
 * predicted ratings, signup and "about you" follow it.
 */
import { createContext, useContext } from 'react';

export interface DataTraits {
  halfStars: boolean;
  demographics: boolean;
  /** the release's name as a person reads it ("MovieLens 1M"), for the search's hint */
  label?: string;
}

export const DataTraitsContext = createContext<DataTraits>({
  halfStars: false,
  demographics: true,
});

export const useDataTraits = (): DataTraits => useContext(DataTraitsContext);
