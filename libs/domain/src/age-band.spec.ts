import { childAgeBand } from './age-band';
import { ChildAgeBand } from './contact';

describe('childAgeBand', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  it.each([
    ['2020-01-01', ChildAgeBand.UNDER_11],
    ['2015-12-08', ChildAgeBand.UNDER_11],
    ['2015-12-07', ChildAgeBand.AGE_11_14],
    ['2012-01-01', ChildAgeBand.AGE_11_14],
    ['2011-12-07', ChildAgeBand.AGE_15_18],
    ['2008-12-08', ChildAgeBand.AGE_15_18],
    ['2007-12-07', null],
    ['2030-01-01', null],
  ])('%s → %s', (dob, band) => {
    expect(childAgeBand(dob, now)).toBe(band);
  });
  it('unknown date → null', () => {
    expect(childAgeBand(null, now)).toBeNull();
  });
});
