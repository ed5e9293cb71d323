/**
 * Model worker: trains, saves, loads and serves the models with TensorFlow.js — the ranking model
 * (EASE: what you'll watch) and the two rating models (MF, neural: how many stars).
 * Tensors never leave this worker: the API takes and returns plain typed arrays.
 * Rule: this entry only assembles the comlink API; each job lives in workers/model/ and the
 * worker's memory between calls in one owner (workers/model/state.ts).
 */
import { exposeApi } from './expose';
import type { ModelApi } from './model-api';
import { init, memory } from './model/backendState';
import { blend, evaluate } from './model/blend';
import { figures } from './model/figures';
import { forgetUserModels, info } from './model/modelCache';
import { recommend, similar, watch } from './model/serve';
import { train } from './model/train';

const api: ModelApi = {
  init,
  memory,
  info,
  figures,
  train,
  recommend,
  watch,
  similar,
  blend,
  evaluate,
  forgetUserModels,
};
exposeApi(api);
