import { describe, expect, it } from 'vitest';
import { causeOf } from '../../../scripts/lib/download';

const fetchFailed = (code: string, message: string) =>
  Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error(message), { code }),
  });

describe('npm start: why a download failed, in plain words', () => {
  it('says "offline" for a name that cannot be looked up, without getaddrinfo ENOTFOUND', () => {
    const why = causeOf(fetchFailed('ENOTFOUND', 'getaddrinfo ENOTFOUND files.grouplens.org'));
    expect(why).toContain('offline');
    expect(why).not.toMatch(/getaddrinfo|ENOTFOUND/);
    expect(causeOf(fetchFailed('EAI_AGAIN', 'getaddrinfo EAI_AGAIN x'))).toContain('offline');
  });

  it('names other common failures plainly and keeps unknown codes', () => {
    expect(causeOf(fetchFailed('ECONNREFUSED', 'connect ECONNREFUSED 1.2.3.4:443'))).toBe(
      'the server refused the connection',
    );
    expect(causeOf(fetchFailed('EWEIRD', 'something odd'))).toBe('something odd (EWEIRD)');
    expect(causeOf(new Error('plain'))).toBe('plain');
  });
});
