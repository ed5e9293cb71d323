import { describe, expect, it } from 'vitest';
import { evaluateServed } from '../../../../src/core/eval/served';

const rows = (u: number[], m: number[], r: number[]) => ({
  users: Int32Array.from(u),
  movies: Int32Array.from(m),
  ratings: Float32Array.from(r),
});

describe('disliked@10 (evaluateServed)', () => {
  it('is the share of the served top-10 (unknown films) the person rated ≤ 2★ in test', async () => {
    // 12 movies; person 0 rated movie 0 (train) and movie 1 (valid); test: 2 rated 1★, 3 rated 2★,
    // 4 rated 5★. The scores rank 2, 3, 4 first, then 5..11: two dislikes in a top-10.
    const scores = Float32Array.from([100, 99, 50, 49, 48, 10, 9, 8, 7, 6, 5, 4]);
    const out = await evaluateServed(
      {
        numUsers: 1,
        numMovies: 12,
        train: rows([0], [0], [4]),
        valid: rows([0], [1], [4]),
        test: rows([0, 0, 0], [2, 3, 4], [1, 2, 5]),
        testTasks: [],
        validTasks: [],
      },
      {
        grid: [{ rating: 0, content: 0 }],
        signals: () => ({ watch: scores }),
        full: true,
      },
    );
    expect(out.disliked10).toBeCloseTo(2 / 10);
  });
});
