/**
 * The gradient functions the models' autodiff needs, registered one by one: tfjs-core alone
 * registers none (the @tensorflow/tfjs union registers all of them, ~130 KB in the model
 * worker). Gathers and dense layers have hand-written gradients (sparseGather.ts, dense.ts);
 * what is left is the element-wise glue of the losses and the neural model's output. A missing
 * one fails loudly ("gradient function not found for X"): the unit tests train both models.
 */
import { registerGradient } from '@tensorflow/tfjs-core';
import { addGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Add_grad';
import { addNGradConfig } from '@tensorflow/tfjs-core/dist/gradients/AddN_grad';
import { castGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Cast_grad';
import { concatGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Concat_grad';
import { identityGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Identity_grad';
import { meanGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Mean_grad';
import { multiplyGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Multiply_grad';
import { reshapeGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Reshape_grad';
import { sigmoidGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Sigmoid_grad';
import { squareGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Square_grad';
import { squaredDifferenceGradConfig } from '@tensorflow/tfjs-core/dist/gradients/SquaredDifference_grad';
import { subGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Sub_grad';
import { sumGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Sum_grad';

for (const g of [
  addGradConfig,
  addNGradConfig,
  castGradConfig,
  concatGradConfig,
  identityGradConfig,
  meanGradConfig,
  multiplyGradConfig,
  reshapeGradConfig,
  sigmoidGradConfig,
  squareGradConfig,
  squaredDifferenceGradConfig,
  subGradConfig,
  sumGradConfig,
]) {
  registerGradient(g);
}
