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
});
