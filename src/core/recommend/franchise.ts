/**
 * Franchise key of a movie title, so that offers can show one film per franchise at a time.
 *
 * Rule (tests pin it), applied to the title as MovieLens writes it:
 * 1. the year "(1982)" and alternative titles "(a.k.a. ...)" are dropped (parseTitle);
 * 2. a trailing article ("Matrix, The", "Enfer, L'", "Godfather: Part II, The") is dropped;
 * 3. everything from the first ":" on is dropped ("Star Trek: Generations" -> "Star Trek");
 * 4. the rest is normalized like search (normalizeText: lower case, accents and punctuation
 *    folded), a superscript number read as a word ("Alien³" -> "alien 3");
 * 5. trailing sequel markers are dropped, repeatedly: a number ("Toy Story 2"), a roman numeral
 *    II..X ("Superman IV"), each optionally after "part" ("Back to the Future Part III") — but
 *    never the whole title ("2001", "Part II" stay as they are).
 * So the Star Trek films all share "star trek", "Superman III" and "Superman IV: The Quest for
 * Peace" share "superman", "Terminator 2: Judgment Day" and "Terminator, The" share
 * "terminator". It is a heuristic: sequels with new names ("Aliens", "Batman Returns") keep keys
 * of their own.
 */
import { moveArticle, normalizeText, parseTitle } from '../features/search';

const SEQUEL_MARKER = /^(.*?\S)\s+(?:part\s+)?(?:\d+|ii|iii|iv|v|vi|vii|viii|ix|x)$/;

export function franchiseKey(title: string): string {
  let main = parseTitle(title).main;
  if (moveArticle(main) !== main) main = main.slice(0, main.lastIndexOf(',')); // "X, The" -> "X"
  const colon = main.indexOf(':');
  if (colon > 0) main = main.slice(0, colon);
  let key = normalizeText(main.replace(/[¹²³]/g, (d) => ` ${d}`)); // "Alien³" -> "alien 3"
  for (let m = SEQUEL_MARKER.exec(key); m; m = SEQUEL_MARKER.exec(key)) key = m[1]!;
  // A title that is nothing but punctuation keeps its own (non-empty) identity.
  return key || title.trim().toLowerCase();
}
