/** Counts below this are not published (monitoring reports): 1 to 4 people could be recognised. */
export const SMALL_CELL_THRESHOLD = 5;

export interface StatisticCell<K extends string = string> {
  key: K;
  /** Null when suppressed. */
  count: number | null;
  suppressed: boolean;
}

/**
 * Small-cell suppression for one breakdown whose total is published: every count from 1 to threshold-1 is withheld
 * (zero is shown: it describes no one). When exactly one cell is withheld it could be recovered as total minus the
 * others, so the smallest published non-zero cell is withheld with it (secondary suppression). Keys keep their order.
 */
export function suppressSmallCells<K extends string>(
  counts: readonly { key: K; count: number }[],
  threshold: number = SMALL_CELL_THRESHOLD,
): StatisticCell<K>[] {
  const withheld = new Set(counts.filter((c) => c.count > 0 && c.count < threshold).map((c) => c.key));
  if (withheld.size === 1) {
    const next = counts
      .filter((c) => c.count > 0 && !withheld.has(c.key))
      .sort((a, b) => a.count - b.count)[0];
    if (next) withheld.add(next.key);
  }
  return counts.map((c) => (withheld.has(c.key) ? { key: c.key, count: null, suppressed: true } : { key: c.key, count: c.count, suppressed: false }));
}

/** A published total: withheld (null) when below the threshold but not zero. */
export function suppressTotal(total: number, threshold: number = SMALL_CELL_THRESHOLD): number | null {
  return total > 0 && total < threshold ? null : total;
}
