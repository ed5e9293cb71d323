/**
 * The test oracle for the ranking model's EASE solve (src/models/ease.ts solveEase): the same B,
 * unblocked, in Float64 (Cholesky A = L L^T, P = L^-T L^-1), O(n^3) in plain JS. It lives with
 * the tests because nothing shipped needs it.
 */
export function easeReference(
  gram: Float32Array | Float64Array,
  n: number,
  lambda: number,
): Float64Array {
  if (gram.length !== n * n) throw new RangeError(`gram has ${gram.length} values, not ${n}^2`);
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = gram[i * n + j]! + (i === j ? lambda : 0);
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new RangeError(`not positive definite at ${i}`);
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j]!;
    }
  }
  // W = L^-1 (lower triangular), column by column of the identity.
  const w = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    for (let i = c; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let k = c; k < i; k++) s -= l[i * n + k]! * w[k * n + c]!;
      w[i * n + c] = s / l[i * n + i]!;
    }
  }
  // P = W^T W: P[a][b] = sum_{k >= max(a,b)} W[k][a] W[k][b].
  const p = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const wk = k * n;
    for (let a = 0; a <= k; a++) {
      const f = w[wk + a]!;
      if (f === 0) continue;
      for (let b = 0; b <= k; b++) p[a * n + b]! += f * w[wk + b]!;
    }
  }
  const b = new Float64Array(n * n);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) b[j * n + i] = i === j ? 0 : -p[j * n + i]! / p[i * n + i]!;
  return b;
}
