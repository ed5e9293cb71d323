/**
 * Title keys: the forms under which a MovieLens title is found, and the normalised key each
 * form is looked up by. MovieLens writes "Professional, The (a.k.a. Leon: The Professional)",
 * "Boat, The (Das Boot)", "Seven (Se7en)"; other sites write "Léon: The Professional", "Das Boot",
 * "Se7en". Rules kept here:
 * - forms of a MovieLens title: the whole title; the title without its trailing parenthesised
 *   groups; each such group (an alternative title, "a.k.a." dropped); for each of these, a
 *   trailing article (", The", ", Les", ", L'", ", Das"...) moved to the front;
 * - key: Unicode NFKD without combining marks, lower case, "&" -> "and", every run of other
 *   punctuation or space -> one space, then one leading article dropped (unless nothing is left);
 * - the same key function is used on both sides, so a rule applied to one is applied to the other.
 */

/** Articles MovieLens moves to the end of a title, in the languages it uses. */
const TRAILING_ARTICLES = (
  "The A An Les La Le L' Il Lo Gli I Das Der Die Den Det De Het Een El Los Las Un Une Una Uno " +
  'O Os As Ein Eine En Ett Et'
).split(' ');
/** Lower-cased trailing articles, for the lookup after ", ". */
const TRAILING_SET = new Set(TRAILING_ARTICLES.map((a) => a.toLowerCase()));

/** Leading words dropped from a key (lower case, after punctuation became spaces). */
const KEY_ARTICLES = new Set(
  TRAILING_ARTICLES.map((a) => a.toLowerCase().replace("'", '')).concat(['l']),
);

const ASCII = /^[\x20-\x7e]*$/;
const PUNCT = /[^\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;

/** Lower case, "&" -> "and", runs of anything but a-z and 0-9 -> one space (ASCII input). */
function asciiKey(s: string): string {
  let out = '';
  let gap = false;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (gap && out.length > 0) out += ' ';
      gap = false;
      out += String.fromCharCode(c);
    } else if (c === 38) {
      if (out.length > 0) out += ' ';
      out += 'and';
      gap = true;
    } else gap = true;
  }
  return out;
}

/** The lookup key of one title form (see the header). */
export function titleKey(title: string): string {
  let t: string;
  if (ASCII.test(title)) t = asciiKey(title);
  else
    t = title
      .normalize('NFKD')
      .replace(MARKS, '')
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(PUNCT, ' ')
      .trim();
  const sp = t.indexOf(' ');
  if (sp > 0 && KEY_ARTICLES.has(t.slice(0, sp))) t = t.slice(sp + 1);
  return t;
}

/** "Professional, The" -> "The Professional", "Avventura, L'" -> "L'Avventura"; else undefined. */
export function articleToFront(title: string): string | undefined {
  const t = title.trim();
  const comma = t.lastIndexOf(',');
  if (comma <= 0) return undefined;
  const art = t.slice(comma + 1).trim();
  if (!TRAILING_SET.has(art.toLowerCase())) return undefined;
  const rest = t.slice(0, comma).trim();
  if (!rest) return undefined;
  return art.endsWith("'") ? `${art}${rest}` : `${art} ${rest}`;
}

/** A MovieLens title without its year: "Toy Story (1995)" -> { title, year }. */
export function splitYear(raw: string): { title: string; year: number | null } {
  // The common case "Title (1995)" without a regex.
  const n = raw.length;
  if (n > 7 && raw.charCodeAt(n - 1) === 41 && raw.charCodeAt(n - 6) === 40) {
    const y = Number(raw.slice(n - 5, n - 1));
    if (Number.isInteger(y) && y >= 1000) return { title: raw.slice(0, n - 6).trim(), year: y };
  }
  const m = /^(.*?)\s*\((\d{4})(?:[-–]\d{0,4})?\)\s*$/.exec(raw);
  return m ? { title: m[1]!, year: Number(m[2]) } : { title: raw.trim(), year: null };
}

const TRAILING_GROUP = /\s*\(([^()]*)\)\s*$/;

/** Main title and alternative titles of a MovieLens title written without its year. */
function titleParts(title: string): { main: string; alternatives: string[] } {
  let rest = title.trim();
  const alternatives: string[] = [];
  if (!rest.endsWith(')')) return { main: rest, alternatives };
  for (let m = TRAILING_GROUP.exec(rest); m && m.index > 0; m = TRAILING_GROUP.exec(rest)) {
    const alt = m[1]!.replace(/^\s*(a\.?k\.?a\.?|also known as)\s*/i, '').trim();
    if (alt) alternatives.unshift(alt);
    rest = rest.slice(0, m.index).trim();
  }
  return { main: rest, alternatives };
}

/** Every form of a MovieLens title (year already stripped), see the header. */
export function titleForms(title: string): string[] {
  const { main, alternatives } = titleParts(title);
  const forms = [title, main, ...alternatives];
  for (let i = 0, n = forms.length; i < n; i++) {
    const front = articleToFront(forms[i]!);
    if (front) forms.push(front);
  }
  // most titles have no alternative, so the title and its main part are one form: key it once
  return forms.length > 2 ? [...new Set(forms)] : forms[0] === forms[1] ? [forms[0]!] : forms;
}

/** The distinct keys of a MovieLens title (year already stripped). */
export function titleKeys(title: string): string[] {
  const keys: string[] = [];
  for (const f of titleForms(title)) {
    const k = titleKey(f);
    if (k && !keys.includes(k)) keys.push(k);
  }
  return keys;
}

/** The title a person knows a film by: the main title, article in front ("The Professional"). */
export function displayTitle(title: string): string {
  const { main } = titleParts(title);
  const base = main || title;
  return articleToFront(base) ?? base;
}

/** The part of a key before a subtitle ("star wars episode iv" has none; see prefixKey). */
export function prefixOf(form: string): string | undefined {
  const colon = form.indexOf(':');
  const dash = form.indexOf(' - ');
  const i = colon < 0 ? dash : dash < 0 ? colon : Math.min(colon, dash);
  return i > 0 ? form.slice(0, i) : undefined;
}
