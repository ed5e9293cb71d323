/**
 * Dense layers with hand-written gradients that avoid matMul's transpose flags (on wasm a
 * transposed product is several times slower than an explicit tf.transpose and a plain product).
 * The first layer also takes its input as parts (user row, movie row, user bias, movie bias)
 * instead of a concatenation, whose SplitV gradient is costly on wasm. Figures:
 * docs/benchmarks.md.
 * Both are tested equal to autodiff of the plain expression.
 */
import * as tf from '@tensorflow/tfjs-core';

export type Activation = 'relu' | 'linear';

function activate(z: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  return activation === 'relu' ? tf.relu(z) : z;
}

/** dz from dy through the activation (relu' uses the saved output a = relu(z)). */
function backActivation(dy: tf.Tensor2D, a: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  return activation === 'relu' ? (tf.mul(dy, tf.step(a)) as tf.Tensor2D) : dy;
}

/**
 * Sums over axis 0 as a [1, B] x [B, H] matMul: wasm's Sum transposes first for axis 0, which
 * measured several times slower.
 */
function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, x.shape[0]]), x), [-1]) as tf.Tensor1D;
}

/** activation(x W + b). */
export function dense(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  activation: Activation,
): tf.Tensor2D {
  const f = tf.customGrad((...inputs) => {
    const [xi, w, b] = inputs as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    const save = inputs[3] as tf.GradSaveFunc;
    const a = activate(tf.add(tf.matMul(xi, w), b) as tf.Tensor2D, activation);
    save([xi, w, a]);
    return {
      value: a,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [sx, sw, sa] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const dz = backActivation(dy as tf.Tensor2D, sa, activation);
        return [tf.matMul(dz, tf.transpose(sw)), tf.matMul(tf.transpose(sx), dz), columnSums(dz)];
      },
    };
  });
  return f(x, kernel, bias) as tf.Tensor2D;
}

/**
 * activation(concat(parts, 1) W + b) without building the concatenation: the rows of W are
 * split by part widths; width-1 parts use broadcasting instead of a matMul.
 */
export function denseOfParts(
  parts: tf.Tensor2D[],
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  activation: Activation,
): tf.Tensor2D {
  const widths = parts.map((p) => p.shape[1]);
  const offsets: number[] = [];
  let o = 0;
  for (const w of widths) {
    offsets.push(o);
    o += w;
  }
  if (o !== kernel.shape[0])
    throw new Error(`denseOfParts: widths ${o} vs kernel ${kernel.shape[0]}`);
  const n = parts.length;
  const f = tf.customGrad((...inputs) => {
    const ps = inputs.slice(0, n) as tf.Tensor2D[];
    const w = inputs[n] as tf.Tensor2D;
    const b = inputs[n + 1] as tf.Tensor1D;
    const save = inputs[n + 2] as tf.GradSaveFunc;
    const slices = widths.map((wd, k) => tf.slice(w, [offsets[k]!, 0], [wd, -1]) as tf.Tensor2D);
    let z: tf.Tensor2D = tf.add(tf.zeros([1, w.shape[1]]), b) as tf.Tensor2D;
    ps.forEach((p, k) => {
      z = tf.add(
        z,
        widths[k] === 1 ? tf.mul(p, slices[k]!) : tf.matMul(p, slices[k]!),
      ) as tf.Tensor2D;
    });
    const a = activate(z, activation);
    save([...ps, ...slices, a]);
    return {
      value: a,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const sp = saved.slice(0, n) as tf.Tensor2D[];
        const ss = saved.slice(n, 2 * n) as tf.Tensor2D[];
        const sa = saved[2 * n] as tf.Tensor2D;
        const dz = backActivation(dy as tf.Tensor2D, sa, activation);
        // A width-1 tensor's transpose is a reshape.
        const t = (x: tf.Tensor2D): tf.Tensor2D =>
          x.shape[0] === 1 || x.shape[1] === 1
            ? tf.reshape(x, [x.shape[1], x.shape[0]])
            : tf.transpose(x);
        const dParts = ss.map((sl) => tf.matMul(dz, t(sl)));
        const dW = tf.concat(
          sp.map((p) => tf.matMul(t(p), dz)),
          0,
        );
        return [...dParts, dW, columnSums(dz)];
      },
    };
  });
  return f(...parts, kernel, bias) as tf.Tensor2D;
}
