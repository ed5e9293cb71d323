import { describe, expect, it } from 'vitest';
import { throttleProgress } from '../../../workers/progress';

describe('throttleProgress', () => {
  it('sends at most one update per interval within a phase, and every new phase at once', () => {
    let t = 0;
    const sent: string[] = [];
    const send = throttleProgress<{ phase: string; n: number }>(
      (p) => sent.push(`${p.phase}${p.n}`),
      100,
      () => t,
    );
    send({ phase: 'download', n: 1 });
    t = 30;
    send({ phase: 'download', n: 2 }); // dropped: 30 ms after the last
    t = 99;
    send({ phase: 'download', n: 3 }); // dropped
    t = 100;
    send({ phase: 'download', n: 4 });
    t = 101;
    send({ phase: 'store', n: 5 }); // a new phase: at once
    send({ phase: 'download', n: 6 }); // a new phase again
    send({ phase: 'done', n: 7 });
    expect(sent).toEqual(['download1', 'download4', 'store5', 'download6', 'done7']);
  });

  it('always sends what `keep` says yes to (a curve point), throttling the rest', () => {
    let t = 0;
    const sent: number[] = [];
    const send = throttleProgress<{ phase: string; n: number; point?: boolean }>(
      (p) => sent.push(p.n),
      250,
      () => t,
      (p) => !!p.point,
    );
    send({ phase: 'solve', n: 1 });
    t = 10;
    send({ phase: 'solve', n: 2 }); // dropped
    send({ phase: 'epoch', n: 3, point: true });
    t = 20;
    send({ phase: 'epoch', n: 4, point: true }); // a point: sent however soon
    send({ phase: 'epoch', n: 5 }); // a new phase for the throttle: sent
    t = 30;
    send({ phase: 'epoch', n: 6 }); // dropped: 10 ms after n 5
    expect(sent).toEqual([1, 3, 4, 5]);
  });
});
