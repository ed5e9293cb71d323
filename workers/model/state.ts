/**
 * Everything the model worker remembers between calls, in one owner: the backend in use, the
 * serving index and the experiment of the stored data, the loaded models, the genre TF-IDF, the
 * served blend and the last neural fold-in. The other modules of workers/model/ hold no state of
 * their own; they read and replace these fields.
 * Rule: what belongs to one data version is dropped together (`forgetData`) when it changes.
 */
import type { BackendInfo, BlendInfo, ModelInfo, ModelKind } from '../../src/core/api/model';
import type { Movie } from '../../src/core/data/types';
import type { Experiment } from '../../src/core/eval/experiment';
import type { GenreTfidf } from '../../src/core/features/tfidf';
import type { RatingModelKind } from '../../src/core/kinds';
import type { FoldedUser, FoldInRating } from '../../src/core/recommend/foldin';
import type { ItemModel } from '../../src/core/recommend/watch';
import type { Leased } from '../../src/models/lease';
import type { ServingModel } from '../../src/models/predict';
import type { ModelWeights } from '../../src/models/weights';

/** What serving needs: the movie index of the stored data. */
export interface Serving {
  dataVersion: string;
  numMovies: number;
  movieIndexById: Int32Array;
  /** catalog position -> model movie row */
  rowOfCatalog: Int32Array;
  /** model movie row -> catalog position */
  catalogOfRow: Int32Array;
  /** the movies in model row order */
  moviesByRow: Movie[];
}

/** What training and measuring need on top: the fixed experiment. */
export interface Trainer {
  dataVersion: string;
  exp: Experiment;
}

/** A rating model's tensors are leased: a training that lands mid-call never disposes them under it. */
export type RatingLoaded = {
  kind: RatingModelKind;
  info: ModelInfo;
  weights: ModelWeights;
  serving: Leased<ServingModel>;
};
export type EaseLoaded = { kind: 'ease'; info: ModelInfo; model: ItemModel; items: Int32Array };
export type Loaded = RatingLoaded | EaseLoaded;

/** The last neural fold-in: its ratings and the weights it was made with (serve.ts). */
export interface NeuralFold {
  weights: ModelWeights;
  given: FoldInRating[];
  user: FoldedUser;
}

export class ModelWorkerState {
  backend: Promise<BackendInfo> | undefined;
  serving: Promise<Serving> | undefined;
  trainer: Promise<Trainer> | undefined;
  tfidfByRow: { dataVersion: string; tfidf: GenreTfidf } | undefined;
  blendInfo: BlendInfo | undefined;
  lastNeuralFold: NeuralFold | null = null;
  readonly loaded = new Map<ModelKind, Loaded>();

  /** Keeps `l` as the loaded model of its kind; the one it replaces gives its tensors back. */
  remember<L extends Loaded>(l: L): L {
    this.drop(l.kind);
    this.loaded.set(l.kind, l);
    return l;
  }

  /** Forgets the loaded model of this kind (a rating model's tensors go once no call holds them). */
  drop(kind: ModelKind): void {
    const old = this.loaded.get(kind);
    if (old && old.kind !== 'ease') old.serving.retire();
    this.loaded.delete(kind);
  }

  /** The stored data changed: nothing loaded or measured for the old one is kept. */
  forgetData(): void {
    for (const kind of [...this.loaded.keys()]) this.drop(kind);
    this.trainer = undefined;
    this.tfidfByRow = undefined;
    this.blendInfo = undefined;
  }
}

/** The model worker's one state. */
export const state = new ModelWorkerState();
