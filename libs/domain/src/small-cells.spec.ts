import { suppressSmallCells, suppressTotal } from './small-cells';

describe('small-cell suppression', () => {
  it('publishes counts of 5 and more, and zeros', () => {
    expect(suppressSmallCells([{ key: 'A', count: 5 }, { key: 'B', count: 0 }, { key: 'C', count: 120 }])).toEqual([
      { key: 'A', count: 5, suppressed: false },
      { key: 'B', count: 0, suppressed: false },
      { key: 'C', count: 120, suppressed: false },
    ]);
  });

  it('withholds 1 to 4, and a second cell when only one would be withheld (else total minus the rest gives it away)', () => {
    expect(suppressSmallCells([{ key: 'A', count: 3 }, { key: 'B', count: 40 }, { key: 'C', count: 7 }])).toEqual([
      { key: 'A', count: null, suppressed: true },
      { key: 'B', count: 40, suppressed: false },
      { key: 'C', count: null, suppressed: true },
    ]);
  });

  it('needs no second cell when two or more are already withheld', () => {
    const cells = suppressSmallCells([{ key: 'A', count: 1 }, { key: 'B', count: 4 }, { key: 'C', count: 9 }]);
    expect(cells.map((c) => c.count)).toEqual([null, null, 9]);
  });

  it('keeps a single small cell withheld even with nothing to pair it with', () => {
    expect(suppressSmallCells([{ key: 'A', count: 2 }, { key: 'B', count: 0 }]).map((c) => c.count)).toEqual([null, 0]);
  });

  it('withholds a small non-zero total', () => {
    expect([suppressTotal(0), suppressTotal(3), suppressTotal(5)]).toEqual([0, null, 5]);
  });
});
