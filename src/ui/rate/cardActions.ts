/**
 * What every card in the flow can do beyond its stars, provided once by the flow (Journey) so a
 * search result, an offer, a recommendation and a similar film all act the same way: "Want to
 * watch" and "Not interested" (`mark`, with a confirmation and Undo), and the person's actions
 * (`ratings`) so a card shows its state wherever it is listed.
 */
import { createContext, useContext } from 'react';
import type { FilmMark, UserRating } from '../../core/profile';

export interface CardActions {
  mark?: (movieId: number, mark: FilmMark) => void;
  ratings?: ReadonlyMap<number, UserRating>;
}

export const CardActionsContext = createContext<CardActions>({});

export function useCardActions(): CardActions {
  return useContext(CardActionsContext);
}
