/** The details route's hash: #/movie/<id>, nothing else. */
import { describe, expect, it } from 'vitest';
import { movieHref, movieIdOf } from '../../../../src/ui/details/detailsRoute';

describe('#/movie/<id>', () => {
  it('names a film by its id', () => {
    expect(movieIdOf('#/movie/2571')).toBe(2571);
    expect(movieIdOf('#movie/12')).toBe(12);
    expect(movieIdOf('#/movie/12/')).toBe(12);
    expect(movieIdOf(movieHref(70_000))).toBe(70_000);
  });

  it('names nothing else', () => {
    for (const h of [
      '',
      '#/',
      '#/lab',
      '#/movie/',
      '#/movie/0',
      '#/movie/abc',
      '#/movie/1x',
      '#/movie/99999999999',
    ])
      expect(movieIdOf(h)).toBeNull();
  });
});
