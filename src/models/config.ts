/**
 * Training configuration and THE default hyperparameters. Every default here was chosen by
 * measurement on the validation slice (5% of train) of ML-1M's 90/10 split, never on test;
 * see scripts/tune.ts and the measurement notes beside each block.
 */
import type { RatingModelKind } from '../core/kinds';

export interface TrainConfig {
  kind: RatingModelKind;
  /**
   * MF only: 'sgd' / 'adagrad' train with per-rating updates in plain JS (sgdMf.ts; adagrad is
   * LibMF's per-row adaptive step); 'adam' with tf.js mini-batches (mf.ts). The neural model
   * always uses 'adam'.
   */
  solver: 'sgd' | 'adagrad' | 'adam';
  /** Embedding size. */
  dim: number;
  /** Neural model only: hidden layer sizes (ReLU). */
  hidden: number[];
  /** Learning rate (Adam's, or SGD's per-rating step). */
  learningRate: number;
  /** Multiplied by this after every epoch. */
  lrDecay: number;
  /** L2 weight on the looked-up embedding rows, per occurrence in the batch. */
  l2: number;
  /**
   * Frequency weighting of the row penalty: each occurrence of a row in a batch is weighted
   * (meanCount / count)^regAlpha, count = the row's ratings in train. 0: plain per-occurrence
   * (a row with n ratings gets n times the penalty per epoch); 1: every row the same per epoch.
   */
  regAlpha: number;
  /** L2 weight on the looked-up biases, per occurrence in the batch. */
  l2Bias: number;
  /** Neural model only: L2 weight on dense kernels (per batch, whole kernels). */
  l2Dense: number;
  /** Mini-batch size (tf.js solvers; the per-rating solvers ignore it). */
  batchSize: number;
  maxEpochs: number;
  /** Early stopping: epochs without a validation RMSE better by minDelta before stopping. */
  patience: number;
  /** Smaller gains count as no progress for early stopping (the best epoch is still kept). */
  minDelta: number;
  /** Std of the initial embedding rows. */
  initStd: number;
  /** Neural model only: the sigmoid's output range. */
  ratingRange: [number, number];
  seed: number;
}

/*
 * MF (issue #11). Trained by per-rating updates in plain JS (sgdMf.ts) instead of tf.js
 * mini-batches: a rating touches 2 (dim + 1) numbers, so tf.js spends its time in gathers,
 * scatters and op overhead, and its large batches need Adam, which generalised worse here.
 * Measured with scripts/tune.ts (fit 855,179 / valid 45,009 rows, one busy shared core, so the
 * seconds are only comparable within this list); validation RMSE (best epoch / epochs run):
 *   plain SGD, dim 128, lr 0.015, l2 0.05, l2Bias 0.05, regAlpha 0, no decay: 0.8499 (17/19,
 *     ~2 s/epoch here); lr 0.02 l2 0.08: 0.8603 (18/19), slow to leave the small init
 *   adagrad (LibMF's per-row adaptive step), dim 128, lr 0.1, decay 0.8, initStd 0.05:
 *     l2 0.05 l2Bias 0.01 regAlpha 0: 0.8447 (6/8); l2 0.1: 0.8635 (29/29); l2 0.15: 0.8941
 *     regAlpha 1 (l2 0.065 / lr 0.05 l2 0.05): 0.8462 (3/5) / 0.8485 (5/7)
 *     regAlpha 0.3: 0.8434 (4/6); + l2Bias 0.1: 0.8413 (6/8); regAlpha 0 l2Bias 0.1: 0.8430
 *     regAlpha 0.5 l2 0.06 l2Bias 0.1: 0.8409 (7/8)
 *     regAlpha 0.3 l2Bias 0.1 decay 0.7: 0.8417 (10/10); l2Bias 0.01 decay 0.7: 0.8408 (12/12)
 *     dim 256 (regAlpha 0.3, l2Bias 0.1, decay 0.8): 0.8415 (5/7), no gain for twice the work
 *   chosen: adagrad, dim 128, lr 0.1, decay 0.7, l2 0.05, regAlpha 0.3, l2Bias 0.1 (the
 *   decay makes the best epoch late and stable, so early stopping is not fooled by noise).
 * Test figures (read once, after choosing): this configuration 0.8414 (the tf.js Adam MF it
 * replaces: 0.8457); refit on fit + valid for the same 10 epochs (tune.ts --refit): 0.8396.
 */
export const DEFAULT_MF_CONFIG: TrainConfig = {
  kind: 'mf',
  solver: 'adagrad',
  dim: 128,
  hidden: [],
  learningRate: 0.1,
  lrDecay: 0.7,
  l2: 0.05,
  regAlpha: 0.3,
  l2Bias: 0.1,
  l2Dense: 0,
  batchSize: 8192,
  maxEpochs: 20,
  patience: 2,
  minDelta: 0.0002,
  initStd: 0.05,
  ratingRange: [1, 5],
  seed: 1,
};

/*
 * Neural model, [u, v, b_u, b_i] -> ReLU layers -> sigmoid scaled to ratingRange.
 * Validation RMSE (bs 8192, dim 32, hidden 64x32 unless said):
 *   lr 0.003, l2 0.01, regAlpha 0: 0.8851 (5/7), overfits from epoch 5
 *   lr 0.003, l2 0.1, regAlpha 1: 0.8801 with range [0.5, 5.5], 0.8773 with [1, 5];
 *     hidden 32x16: 0.8811
 *   lr 0.006, decay 0.8, regAlpha 1: l2 0.2 0.8722; l2 0.3 0.8678; l2 0.2 + l2Dense 1e-4
 *     0.8681; l2 0.2 range [1, 5] 0.8712; l2 0.2 dim 64 0.8706; l2 0.5 + l2Dense 1e-4 0.8664
 *     (12/12); l2Dense 3e-4 0.8729; lr 0.01 decay 0.7 0.8734
 *   lr 0.006, decay 0.9, l2 0.5, l2Dense 1e-4: 0.8593 (12/14)  <- chosen (see below)
 *   same with l2 0.8: 0.8575 (16/18): 0.002 better for 30% more epochs; not taken
 * Output range: [1, 5] and [0.5, 5.5] measured within noise of each other (0.8773 vs 0.8801
 * in the same setting, 0.8712 vs 0.8722 in another); [0.5, 5.5] is kept because ratings of 1
 * and 5 (29% of all) are then reachable without saturating the sigmoid, whose gradient
 * vanishes there. Sizes: dim 64 gave no gain over dim 32; hidden 32x16 0.8632 against 64x32
 * 0.8593 (same settings as chosen), 30% faster.
 */
export const DEFAULT_NEURAL_CONFIG: TrainConfig = {
  kind: 'neural',
  solver: 'adam',
  dim: 32,
  hidden: [64, 32],
  learningRate: 0.006,
  lrDecay: 0.9,
  l2: 0.5,
  regAlpha: 1,
  l2Bias: 0.001,
  l2Dense: 0.0001,
  batchSize: 8192,
  maxEpochs: 25,
  patience: 2,
  minDelta: 0.0005,
  initStd: 0.05,
  ratingRange: [0.5, 5.5],
  seed: 1,
};

export function defaultConfig(kind: RatingModelKind): TrainConfig {
  const c = kind === 'mf' ? DEFAULT_MF_CONFIG : DEFAULT_NEURAL_CONFIG;
  return { ...c, hidden: [...c.hidden], ratingRange: [c.ratingRange[0], c.ratingRange[1]] };
}

/** Ridge weight of the MF fold-in for a user with n ratings. */
export function foldInLambda(n: number): number {
  return FOLD_IN.lambdaBase + FOLD_IN.lambdaPerRating * n;
}

/*
 * Fold-in ridge weight, measured on the MF (dim 64, initStd 0.05 variant): every 10th user re-derived from a
 * random subset of their fit ratings, RMSE on their validation ratings (movie side alone: 0.9827).
 *   10 ratings: lambda 2/3/5/7 (+0.05 n) 0.9387/0.9363/0.9357/0.9369
 *   20 ratings: 0.9143/0.9129/0.9133/0.9151 (lambda 10: 0.9172, 25: 0.9316)
 *   50 ratings: 0.8848/0.8842/0.8852/0.8872
 *   all (~140): lambda 5 + 0.05 n 0.8570, 5 + 0: 0.8686, 10 + 0: 0.8591, 5 + 0.1 n: 0.8634
 *   a separate (smaller or equal) ridge weight for b_u: no gain.
 * Latency of the ridge solve (k = 64, 10-50 ratings): median 0.3 ms, p95 < 1.2 ms in Node.
 */
/*
 * Neural fold-in (predict.ts foldInNeural), measured the same way on the tuned neural model
 * (movie side alone: 0.9775). Its penalty is far stronger than MF's, as in training (l2 0.5 per
 * occurrence, frequency-weighted: about 0.5 x 141 ratings per user = 70 per user):
 *   20 ratings, 40 steps: lambda 4 + 0.05 n 0.9596; 10: 0.9447; 20: 0.9326; 40: 0.9211;
 *     80: 0.9137; 150: 0.9124; 300: 0.9238
 *   50 ratings: lambda 20 0.8999; 40 0.8926; 80 0.8871; 150 0.8878; 300 0.8942
 *   steps (lambda 4 + 0.05 n, 20 ratings): 20 0.9636, 40 0.9596, 80 0.9583
 * Latency (40 steps, 10-50 ratings, plain JS): median ~14 ms, p95 ~30 ms in Node.
 */
export const FOLD_IN = {
  lambdaBase: 4,
  lambdaPerRating: 0.05,
  /** Neural fold-in: Adam steps, learning rate and ridge weight. */
  neuralSteps: 40,
  neuralLearningRate: 0.05,
  neuralLambda: 100,
};
