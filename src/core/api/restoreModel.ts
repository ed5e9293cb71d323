/**
 * Checks what IndexedDB gives back before it is trusted: a record may come from an older Reel, a
 * half-written transaction or another tab's code. Each restore… function returns the record typed
 * or throws a ReelError 'model-invalid' whose detail names the first field that is wrong; the
 * caller treats such a record as missing (the model is trained, the blend measured, again).
 * Rule: a field added to ModelInfo / BlendInfo is checked here too (optional when old records
 * lack it), as restoreWeights does for the weights.
 */
import { ReelError } from '../errors';
import { BACKEND_NAMES, MODEL_KINDS } from '../kinds';
import type { BlendInfo, ModelInfo } from './model';

type Obj = Record<string, unknown>;

const AGAIN = { model: 'trained', blend: 'measured' } as const;

function invalid(what: keyof typeof AGAIN, detail: string): ReelError {
  return new ReelError(
    'model-invalid',
    `The saved ${what} could not be read. It will be ${AGAIN[what]} again.`,
    detail,
  );
}

/** A small checker that names the path of the first wrong field. */
function checker(what: keyof typeof AGAIN) {
  const fail = (path: string, expected: string): never => {
    throw invalid(what, `${path}: expected ${expected}`);
  };
  const obj = (v: unknown, path: string): Obj =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : fail(path, 'an object');
  // NaN is a figure too (the ranking model has no RMSE), so any number passes.
  const num = (v: unknown, path: string): number =>
    typeof v === 'number' ? v : fail(path, 'a number');
  const str = (v: unknown, path: string): string =>
    typeof v === 'string' ? v : fail(path, 'a string');
  const arr = (v: unknown, path: string): unknown[] =>
    Array.isArray(v) ? v : fail(path, 'an array');
  const nums = (
    o: Obj,
    path: string,
    keys: readonly string[],
    optional: readonly string[] = [],
  ) => {
    for (const k of keys) num(o[k], `${path}.${k}`);
    for (const k of optional) if (o[k] !== undefined) num(o[k], `${path}.${k}`);
    return o;
  };
  const oneOf = <T extends string>(v: unknown, path: string, values: readonly T[]): T =>
    values.includes(v as T) ? (v as T) : fail(path, values.join(' | '));
  const figures = (v: unknown, path: string) =>
    nums(obj(v, path), path, ['hr10', 'ndcg10', 'tasks', 'users'], ['recall20', 'ndcg20']);
  return { fail, obj, num, str, arr, nums, oneOf, figures };
}

const MODEL_OR_POPULARITY = [...MODEL_KINDS, 'popularity'] as const;

/** A stored trained model's metadata (the `meta` of its record). */
export function restoreModelInfo(value: unknown): ModelInfo {
  const c = checker('model');
  const o = c.obj(value, 'info');
  c.oneOf(o.kind, 'kind', MODEL_KINDS);
  c.str(o.dataVersion, 'dataVersion');
  c.oneOf(o.backend, 'backend', BACKEND_NAMES);
  c.nums(o, 'info', [
    'trainedAt',
    'params',
    'epochs',
    'bestEpoch',
    'secondsPerEpoch',
    'trainSeconds',
    'userRatings',
  ]);
  for (const [k, v] of Object.entries(c.obj(o.config, 'config'))) {
    const ok =
      typeof v === 'number' ||
      typeof v === 'string' ||
      (Array.isArray(v) && v.every((x) => typeof x === 'number'));
    if (!ok) c.fail(`config.${k}`, 'a number, a string or numbers');
  }
  c.arr(o.history, 'history').forEach((h, i) =>
    c.nums(c.obj(h, `history[${i}]`), `history[${i}]`, ['epoch', 'loss', 'valRmse', 'seconds']),
  );
  if (o.lambdaSearch !== undefined)
    c.arr(o.lambdaSearch, 'lambdaSearch').forEach((p, i) =>
      c.nums(c.obj(p, `lambdaSearch[${i}]`), `lambdaSearch[${i}]`, ['lambda', 'hr10', 'ndcg10']),
    );
  c.nums(c.obj(o.metrics, 'metrics'), 'metrics', ['testRmse', 'testMae', 'hr10', 'ndcg10']);
  const b = c.obj(o.baselines, 'baselines');
  c.nums(c.obj(b.globalMean, 'baselines.globalMean'), 'baselines.globalMean', [
    'testRmse',
    'testMae',
  ]);
  c.nums(
    c.obj(b.biases, 'baselines.biases'),
    'baselines.biases',
    ['testRmse', 'testMae'],
    ['hr10', 'ndcg10'],
  );
  c.figures(b.popularity, 'baselines.popularity');
  if (o.backendNote !== undefined) c.str(o.backendNote, 'backendNote');
  const split = c.nums(c.obj(o.split, 'split'), 'split', ['seed', 'train', 'valid', 'test']);
  c.str(split.fingerprint, 'split.fingerprint');
  if (o.metricsPending !== undefined && typeof o.metricsPending !== 'boolean')
    c.fail('metricsPending', 'a boolean');
  return value as ModelInfo;
}

/** The stored served blend (the `meta` of the 'blend' record). */
export function restoreBlendInfo(value: unknown): BlendInfo {
  const c = checker('blend');
  const o = c.obj(value, 'blend');
  const weights = (v: unknown, path: string) => c.nums(c.obj(v, path), path, ['rating', 'content']);
  c.str(o.dataVersion, 'dataVersion');
  weights(o.weights, 'weights');
  c.arr(o.curve, 'curve').forEach((p, i) => {
    const point = c.obj(p, `curve[${i}]`);
    weights(point.weights, `curve[${i}].weights`);
    c.figures(point.valid, `curve[${i}].valid`);
  });
  c.figures(o.served, 'served');
  if (o.servedNoFloor !== undefined) c.figures(o.servedNoFloor, 'servedNoFloor');
  if (o.positivesBelowFloor !== undefined) c.num(o.positivesBelowFloor, 'positivesBelowFloor');
  if (o.disliked10 !== undefined) c.num(o.disliked10, 'disliked10');
  if (o.stars !== undefined)
    c.nums(c.obj(o.stars, 'stars'), 'stars', ['a', 'b', 'c', 'd', 'rows', 'testRmse']);
  for (const [k, v] of Object.entries(c.obj(o.models, 'models'))) {
    c.oneOf(k, `models.${k}`, MODEL_OR_POPULARITY);
    c.figures(v, `models.${k}`);
  }
  for (const [k, v] of Object.entries(c.obj(o.measuredOn, 'measuredOn'))) {
    c.oneOf(k, `measuredOn.${k}`, MODEL_KINDS);
    c.num(v, `measuredOn.${k}`);
  }
  c.num(o.seconds, 'seconds');
  if (o.origin !== undefined) {
    const origin = c.obj(o.origin, 'origin');
    c.oneOf(origin.where, 'origin.where', ['prepared', 'device'] as const);
    c.num(origin.at, 'origin.at');
  }
  if (o.rankingLambda !== undefined) {
    const l = c.num(o.rankingLambda, 'rankingLambda');
    if (!(l > 0) || !Number.isFinite(l)) c.fail('rankingLambda', 'a positive number');
  }
  const w = c.obj(o.weights, 'weights');
  for (const k of ['rating', 'content'])
    if (!Number.isFinite(w[k]) || (w[k] as number) < 0)
      c.fail(`weights.${k}`, 'a finite weight >= 0');
  if (o.stars !== undefined) {
    const st = c.obj(o.stars, 'stars');
    for (const k of ['a', 'b', 'c', 'd'])
      if (!Number.isFinite(st[k])) c.fail(`stars.${k}`, 'a finite number');
  }
  return value as BlendInfo;
}
