/**
 * Training configuration and THE default hyperparameters. Rule: every default here is chosen by
 * measurement on the validation slice of the evaluation split, never on test (scripts/tune.ts);
 * the measurements behind each choice are in docs/benchmarks.md ("Tuning history").
 */
import type { RatingModelKind } from '../core/kinds';

export interface TrainConfig {
  kind: RatingModelKind;
  /**
   * MF: 'sgd' / 'adagrad' train with per-rating updates (sgdMf.ts: adagrad, LibMF's per-row
   * adaptive step, in the wasm kernel where wasm SIMD runs, else plain JS; sgd in plain JS);
   * 'adam' with tf.js mini-batches (mf.ts, train.ts). The neural model:
   * 'adam' (lazy Adam on the embedding rows, Adam on the dense layers) or 'adagrad' (LibMF's
   * row-wise AdaGrad on the embedding rows at embeddingLearningRate, Adam on the dense layers).
   */
  solver: 'sgd' | 'adagrad' | 'adam';
  /** Embedding size. */
  dim: number;
  /**
   * MF 'adagrad' only: LibMF's first group of factor dims (sgdPass.ts adaPass): [0, slowDims)
   * keep their own AdaGrad accumulators and are the only dims trained in the first epoch; 0: one
   * group. A multiple of 4 for the wasm kernel.
   */
  slowDims: number;
  /** Neural model only: hidden layer sizes (ReLU). */
  hidden: number[];
  /** Neural model only: append u⊙v (element-wise product of the factor rows) to the input. */
  product?: boolean;
  /**
   * Neural model with `product` only: start the dense stack as a biased MF (model.ts mfPathInit):
   * one unit per layer carries mu + b_u + b_i + sum(u⊙v) to the output, the sigmoid starts
   * near linear around the middle of the range, the other units start small. NeuMF's GMF path
   * (He et al. 2017), inside the same layers: the weights format does not change.
   */
  mfPath?: boolean;
  /** Neural model with solver 'adagrad' only: the embedding tables' (row-wise AdaGrad) rate. */
  embeddingLearningRate?: number;
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
 * MF (issue #11): per-rating AdaGrad (sgdMf.ts; its passes in the WebAssembly SIMD kernel,
 * sgdKernel.wat, plain JS where wasm SIMD is missing), not tf.js mini-batches: a rating touches
 * 2 (dim + 1) numbers, so tf.js spends its time in gathers, scatters and op overhead, and its
 * large batches need Adam, which generalised worse. A small initial std lets the biases and the
 * first directions settle before the factors grow; the decay keeps the best epoch late and
 * stable. Training ends with a linear recalibration on the validation rows (calibrate.ts). Not
 * refitted on train + validation: that doubles the training time, and the served blend chooses
 * its weights on the validation rows, which the model would then have seen.
 */
const DEFAULT_MF_CONFIG: TrainConfig = {
  kind: 'mf',
  solver: 'adagrad',
  dim: 128,
  slowDims: 0,
  hidden: [],
  learningRate: 0.1,
  lrDecay: 0.85,
  l2: 0.05,
  regAlpha: 0.3,
  l2Bias: 0.03,
  l2Dense: 0,
  batchSize: 8192,
  maxEpochs: 20,
  patience: 2,
  minDelta: 0.0002,
  initStd: 0.01,
  ratingRange: [1, 5],
  seed: 1,
};

/*
 * Neural model, [u, v, b_u, b_i, u⊙v] -> ReLU layers -> sigmoid scaled to ratingRange. Started
 * from the trained MF (NeuMF's pretraining, He et al. 2017; train.ts fromMf): the MF's rows, so
 * the MF's dim, and the dense stack begun as an MF path; then fine-tuned briefly with Adam at a
 * small rate, since it starts at the MF's optimum and overfits within a few epochs. The output
 * range [0.5, 5.5] keeps ratings of 1 and 5 reachable without saturating the sigmoid, whose
 * gradient vanishes there. Without a trained MF it trains from scratch (NEURAL_SCRATCH_CONFIG).
 */
const DEFAULT_NEURAL_CONFIG: TrainConfig = {
  kind: 'neural',
  solver: 'adam',
  dim: 128, // the MF's: the rows are taken from it
  slowDims: 0,
  hidden: [64, 32],
  product: true,
  mfPath: true,
  learningRate: 0.0003,
  lrDecay: 0.9,
  l2: 0.2,
  regAlpha: 1,
  l2Bias: 0.001,
  l2Dense: 0.0001,
  batchSize: 8192,
  maxEpochs: 3,
  patience: 1,
  minDelta: 0.0005,
  initStd: 0.1,
  ratingRange: [0.5, 5.5],
  seed: 1,
};

/**
 * The neural model trained from scratch (no trained MF to start from): the settings above, but
 * its own rows (dim 32) learned at Adam's usual rate over more epochs.
 */
const NEURAL_SCRATCH_CONFIG: TrainConfig = {
  ...DEFAULT_NEURAL_CONFIG,
  dim: 32,
  learningRate: 0.006,
  maxEpochs: 25,
  patience: 2,
};

export function defaultConfig(kind: RatingModelKind, fromScratch = false): TrainConfig {
  const c =
    kind === 'mf' ? DEFAULT_MF_CONFIG : fromScratch ? NEURAL_SCRATCH_CONFIG : DEFAULT_NEURAL_CONFIG;
  return { ...c, hidden: [...c.hidden], ratingRange: [c.ratingRange[0], c.ratingRange[1]] };
}

/** Ridge weight of the MF fold-in for a user with n ratings. */
export function foldInLambda(n: number): number {
  return FOLD_IN.lambdaBase + FOLD_IN.lambdaPerRating * n;
}

/*
 * Fold-in (core/recommend/foldin.ts for the MF, neuralFoldIn.ts for the neural model). The MF's
 * ridge weight grows with the person's ratings: lambdaBase + lambdaPerRating n, the best of the
 * grid at every number of ratings tried. The neural model's Levenberg-Marquardt stops at a
 * relative gain below neuralTolerance (fewer passes, same accuracy). A neural model started from
 * the MF takes the MF's closed-form fold-in on its rows and no passes: they cost the time and
 * measured no better.
 */
export const FOLD_IN = {
  lambdaBase: 4,
  lambdaPerRating: 0.05,
  /** Neural fold-in: most Levenberg-Marquardt passes, their stopping gain, ridge weight. */
  neuralSteps: 8,
  neuralTolerance: 1e-3,
  neuralLambda: 100,
  /**
   * A neural model started from the MF (weights.fromMf): Levenberg-Marquardt passes after the
   * MF's closed-form fold-in on its rows, ridge weight foldInLambda(n).
   */
  neuralStepsFromMf: 0,
};
