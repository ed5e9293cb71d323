/**
 * The per-rating passes of sgdMf.ts in plain JS (the formulas are in sgdMf.ts's header). adaPass
 * is also the fallback of the WebAssembly kernel (sgdKernel.ts), which must agree with it.
 * Kept monomorphic (typed arrays and numbers only) so the engine compiles one tight loop.
 */
/**
 * One pass of SGD over order[from, to). Returns the summed squared error before each update.
 */
export function sgdPass(
  order: Uint32Array,
  from: number,
  to: number,
  users: Int32Array,
  movies: Int32Array,
  ratings: Float32Array,
  P: Float32Array,
  Q: Float32Array,
  bu: Float32Array,
  bi: Float32Array,
  regU: Float32Array,
  regI: Float32Array,
  k: number,
  mu: number,
  lr: number,
  l2Bias: number,
): number {
  let sse = 0;
  for (let s = from; s < to; s++) {
    const row = order[s]!;
    const u = users[row]!;
    const i = movies[row]!;
    const pu = u * k;
    const qi = i * k;
    let dot = 0;
    for (let f = 0; f < k; f++) dot += P[pu + f]! * Q[qi + f]!;
    const bU = bu[u]!;
    const bI = bi[i]!;
    const e = ratings[row]! - (mu + bU + bI + dot);
    sse += e * e;
    bu[u] = bU + lr * (e - l2Bias * bU);
    bi[i] = bI + lr * (e - l2Bias * bI);
    const le = lr * e;
    const du = 1 - lr * regU[u]!;
    const di = 1 - lr * regI[i]!;
    for (let f = 0; f < k; f++) {
      const x = P[pu + f]!;
      const y = Q[qi + f]!;
      P[pu + f] = du * x + le * y;
      Q[qi + f] = di * y + le * x;
    }
  }
  return sse;
}

/**
 * The same pass with LibMF's per-row adaptive step (AdaGrad with one accumulator per row and
 * group of dims: step = lr / sqrt(G), G += mean squared gradient of the group's update; G starts
 * at 1). As in LibMF, the dims are two groups with their own accumulators: [0, kSlow) in
 * gU[2u] / gI[2i], [kSlow, k) in gU[2u + 1] / gI[2i + 1]; with slowOnly only the first group
 * moves (LibMF's first epoch). gBu / gBi are the biases' accumulators, lrBias their step (0
 * freezes them).
 */
export function adaPass(
  order: Uint32Array,
  from: number,
  to: number,
  users: Int32Array,
  movies: Int32Array,
  ratings: Float32Array,
  P: Float32Array,
  Q: Float32Array,
  bu: Float32Array,
  bi: Float32Array,
  regU: Float32Array,
  regI: Float32Array,
  gU: Float32Array,
  gI: Float32Array,
  gBu: Float32Array,
  gBi: Float32Array,
  k: number,
  kSlow: number,
  slowOnly: boolean,
  mu: number,
  lr: number,
  lrBias: number,
  l2Bias: number,
): number {
  let sse = 0;
  for (let s = from; s < to; s++) {
    const row = order[s]!;
    const u = users[row]!;
    const i = movies[row]!;
    const pu = u * k;
    const qi = i * k;
    let dot = 0;
    for (let f = 0; f < k; f++) dot += P[pu + f]! * Q[qi + f]!;
    const bU = bu[u]!;
    const bI = bi[i]!;
    const e = ratings[row]! - (mu + bU + bI + dot);
    sse += e * e;
    const gbu = l2Bias * bU - e;
    const gbi = l2Bias * bI - e;
    bu[u] = bU - (lrBias / Math.sqrt(gBu[u]!)) * gbu;
    bi[i] = bI - (lrBias / Math.sqrt(gBi[i]!)) * gbi;
    gBu[u] = gBu[u]! + gbu * gbu;
    gBi[i] = gBi[i]! + gbi * gbi;
    const ru = regU[u]!;
    const ri = regI[i]!;
    for (let group = 0; group < 2; group++) {
      const f0 = group === 0 ? 0 : kSlow;
      const f1 = group === 0 ? kSlow : slowOnly ? kSlow : k;
      if (f1 <= f0) continue;
      const etaU = lr / Math.sqrt(gU[2 * u + group]!);
      const etaI = lr / Math.sqrt(gI[2 * i + group]!);
      let su = 0;
      let si = 0;
      for (let f = f0; f < f1; f++) {
        const x = P[pu + f]!;
        const y = Q[qi + f]!;
        const gx = ru * x - e * y;
        const gy = ri * y - e * x;
        su += gx * gx;
        si += gy * gy;
        P[pu + f] = x - etaU * gx;
        Q[qi + f] = y - etaI * gy;
      }
      gU[2 * u + group] = gU[2 * u + group]! + su / (f1 - f0);
      gI[2 * i + group] = gI[2 * i + group]! + si / (f1 - f0);
    }
  }
  return sse;
}
