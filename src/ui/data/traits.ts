/**
 * What the active data set offers, from its summary: half-star ratings (ML-10M and the CSV
 * releases) and raters' demographics (ML-100K, ML-1M). Provided once by the app; the star groups,
 * predicted ratings, signup and "about you" follow it.
 */
import { createContext, useContext } from 'react';

export interface DataTraits {
  halfStars: boolean;
  demographics: boolean;
}

export const DataTraitsContext = createContext<DataTraits>({
  halfStars: false,
  demographics: true,
});

export const useDataTraits = (): DataTraits => useContext(DataTraitsContext);
