/**
 * "Similar" from any movie card: the flow provides one opener, every card list uses it, so a
 * search result, an offer, a recommendation or a similar movie all open the same dialog.
 */
import { createContext, useContext } from 'react';

export const SimilarContext = createContext<((movieId: number) => void) | undefined>(undefined);

export function useShowSimilar(): ((movieId: number) => void) | undefined {
  return useContext(SimilarContext);
}
