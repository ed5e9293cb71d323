/**
 * The training contract both trainers share (train.ts's tf.js loop and sgdMf.ts's Adagrad pass):
 * what they take, report and return. It lives apart so neither trainer imports the other's module
 * for its types (train.ts dispatches to sgdMf.ts, and a cycle back would tie them together).
 */
import type { Calibration } from './calibrate';
import type { KernelEngine } from './sgdKernel';
import type { GradMode } from './sparseGather';
import type { ModelWeights } from './weights';
import type { TrainingArrays } from '../core/data/indexing';

export interface TrainData {
  train: TrainingArrays;
  valid: TrainingArrays;
  numUsers: number;
  numMovies: number;
  /** Defaults to init's mean on a warm start, else the mean of train. */
  globalMean?: number;
}

export interface EpochStats {
  epoch: number;
  /** Mean squared error on the training batches during the epoch (without the L2 terms). */
  loss: number;
  valRmse: number;
  /** Wall time of the epoch, validation included. */
  seconds: number;
}

export interface TrainHooks {
  onEpoch?(e: EpochStats): void;
  signal?: AbortSignal;
  /** Warm start: trained weights (numUsers may be smaller than data.numUsers). */
  init?: ModelWeights;
  /**
   * Neural model, fresh start only: take the embeddings and biases of this trained MF (same dim;
   * its numUsers may be smaller) and start the dense stack as its MF path (model.ts
   * pretrainFromMf): NeuMF's pretraining (He et al. 2017).
   */
  fromMf?: ModelWeights;
  /** Sparse-gradient strategy; default by backend (see sparseGather.ts). */
  gradMode?: GradMode;
  /** MF 'adagrad' only: the pass's engine (sgdKernel.ts); 'wasm' (default) falls back to JS. */
  mfKernel?: KernelEngine;
  /** Longest stretch without yielding to the event loop. Default 50 ms. */
  yieldEveryMs?: number;
  /** Keep a checkpoint (weights in JS) after each epoch, for `BackendLost.checkpoint`. */
  checkpoint?: boolean;
  /** Continue a run from its checkpoint (the optimizer's moments start afresh). */
  resume?: TrainCheckpoint;
  /** True when the device under the backend is gone: the epoch's results are not trusted. */
  lost?(): boolean;
}

/** Everything needed to continue a run after `epoch` on another backend. */
export interface TrainCheckpoint {
  epoch: number;
  weights: ModelWeights;
  history: EpochStats[];
  best: ModelWeights | null;
  bestEpoch: number;
  bestValRmse: number;
  marked: number;
  markedEpoch: number;
  learningRate: number;
}

export interface TrainResult {
  weights: ModelWeights;
  history: EpochStats[];
  /** 1-based epoch whose weights are returned (0 when no epoch ran). */
  bestEpoch: number;
  bestValRmse: number;
  /** MF 'adagrad': the engine its passes ran on (sgdKernel.ts: 'wasm', or 'js' as fallback). */
  kernel?: KernelEngine;
  /** MF: the linear recalibration folded into the weights (calibrate.ts), when it helped. */
  calibration?: Calibration;
}
