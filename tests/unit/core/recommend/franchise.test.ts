import { describe, expect, it } from 'vitest';
import { franchiseKey } from '../../../../src/core/recommend/franchise';

describe('franchiseKey', () => {
  it('puts the films of a franchise under one key (":" subtitles, numbers, roman numerals)', () => {
    for (const t of [
      'Star Trek: The Wrath of Khan',
      'Star Trek VI: The Undiscovered Country',
      'Star Trek: Generations',
      'Star Trek IV: The Voyage Home (1986)',
    ])
      expect(franchiseKey(t)).toBe('star trek');
    for (const t of ['Superman', 'Superman III', 'Superman IV: The Quest for Peace'])
      expect(franchiseKey(t)).toBe('superman');
    expect(franchiseKey('Terminator 2: Judgment Day')).toBe('terminator');
    expect(franchiseKey('Toy Story 2')).toBe('toy story');
    expect(franchiseKey('Star Wars: Episode V - The Empire Strikes Back')).toBe('star wars');
  });

  it('drops a trailing article ("X, The") and "Part N"', () => {
    expect(franchiseKey('Matrix, The')).toBe('matrix');
    expect(franchiseKey('Terminator, The')).toBe('terminator');
    expect(franchiseKey('Godfather: Part II, The')).toBe('godfather');
    expect(franchiseKey('Back to the Future Part III')).toBe('back to the future');
    expect(franchiseKey('Friday the 13th Part 3: 3D')).toBe('friday the 13th');
    expect(franchiseKey('Toxic Avenger, Part II, The')).toBe('toxic avenger');
    expect(franchiseKey('Nightmare on Elm Street 3: Dream Warriors, A')).toBe(
      'nightmare on elm street',
    );
  });

  it('ignores the year and alternative titles, folds accents and "³"', () => {
    expect(franchiseKey('Mad Max 2 (a.k.a. The Road Warrior) (1981)')).toBe('mad max');
    expect(franchiseKey('Misérables, Les (1995)')).toBe('miserables');
    expect(franchiseKey('Alien³')).toBe('alien');
  });

  it('keeps different names apart and never empties a title', () => {
    expect(franchiseKey('Alien')).not.toBe(franchiseKey('Aliens'));
    expect(franchiseKey('Star Wars: Episode IV - A New Hope')).not.toBe(franchiseKey('Star Trek'));
    expect(franchiseKey('2001: A Space Odyssey')).toBe('2001');
    expect(franchiseKey('2010')).toBe('2010');
    expect(franchiseKey('Friday the 13th')).toBe('friday the 13th');
    expect(franchiseKey('...')).toBe('...');
  });
});
