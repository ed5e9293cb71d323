/**
 * Which model ranks the recommendation lists: the balanced blend (served) or one model alone.
 * What each choice asks of the models lives here, so the stage, its hooks and its views agree.
 * Rule: the main screens speak of films and people, so each choice has a plain name and one
 * sentence; the technical names stay in the model lab.
 */
import type { ModelKind, RatingModelKind } from '../../core/kinds';

export type Choice = ModelKind | 'hybrid';

/** In the order the switch offers them. */
export const CHOICES: readonly Choice[] = ['hybrid', 'ease', 'mf', 'neural'];

/** A choice's plain name. */
const CHOICE_LABELS: Readonly<Record<Choice, string>> = {
  hybrid: 'Balanced (recommended)',
  ease: 'What people like you watch',
  mf: 'Stars you would give',
  neural: 'Neural (experimental)',
};
export const choiceLabel = (c: Choice): string => CHOICE_LABELS[c];

/** Each choice in one plain sentence. */
export const DESCRIBE: Readonly<Record<Choice, string>> = {
  hybrid:
    'Mixes what people who liked your films went on to watch with the stars you would give each film, and your genres while you have rated only a few.',
  ease: 'Films that people who rated what you rated went on to watch, most often first.',
  mf: 'Films ordered by the stars we predict you would give them, learned from people whose ratings look like yours.',
  neural:
    'The same stars from a neural network: it has to learn first, which takes a while, and is rarely better.',
};

/** The models' plain names on the main screens (status chips, waiting lines). */
export const PLAIN_NAMES: Readonly<Record<ModelKind, string>> = {
  ease: 'Picks',
  mf: 'Stars',
  neural: 'Neural',
};

/** The rating model whose stars the choice uses (the balanced one's is the MF). */
export const ratingKindOf = (c: Choice): RatingModelKind => (c === 'neural' ? 'neural' : 'mf');

/** Whether the choice uses the ranking model's scores. */
export const usesRanking = (c: Choice): boolean => c === 'hybrid' || c === 'ease';

/** The models the choice waits for. */
export const neededModels = (c: Choice): ModelKind[] => (c === 'hybrid' ? ['ease', 'mf'] : [c]);

/** The reason a card gives when no rated movie of the person explains it. */
export const generalReason = (c: Choice): string =>
  c === 'mf' || c === 'neural'
    ? 'people whose ratings look like yours rate it highly'
    : 'people who rated what you rated often watched it';
