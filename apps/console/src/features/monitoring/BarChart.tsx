import { useId } from 'react';
import { useI18n } from '../../i18n/i18n';

export interface Bar {
  key: string;
  label: string;
  /** Null: a withheld small cell (drawn as withheld, never as zero). */
  value: number | null;
}

const ROW = 28;
const LABEL_W = 190;
const BAR_W = 220;
const WIDTH = LABEL_W + BAR_W + 90;

/**
 * A plain horizontal bar chart in SVG (no chart library). It is an image to assistive technology, named by its title;
 * its description points to the table beside it, which has the same figures. Withheld cells get no bar and the word
 * "withheld", so a small number is never drawn as zero.
 */
export function BarChart({ title, bars }: { title: string; bars: readonly Bar[] }) {
  const { t, number } = useI18n();
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const height = Math.max(1, bars.length) * ROW + 8;
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        style={{ maxWidth: `${WIDTH}px` }}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{t('charts.sameAsTable')}</desc>
        {bars.map((b, i) => {
          const y = i * ROW + 4;
          const w = b.value === null ? 0 : Math.max(b.value > 0 ? 2 : 0, (b.value / max) * BAR_W);
          return (
            <g key={b.key} data-testid="chart-bar" data-value={b.value ?? 'withheld'}>
              <text x={LABEL_W - 8} y={y + ROW / 2 + 4} textAnchor="end" className="chart-label">
                {b.label.length > 30 ? `${b.label.slice(0, 29)}…` : b.label}
              </text>
              {b.value === null ? (
                <rect x={LABEL_W} y={y + 4} width={BAR_W} height={ROW - 10} className="chart-withheld" />
              ) : (
                <rect x={LABEL_W} y={y + 4} width={w} height={ROW - 10} className="chart-bar" />
              )}
              <text
                x={LABEL_W + (b.value === null ? BAR_W : w) + 6}
                y={y + ROW / 2 + 4}
                className={b.value === null ? 'chart-value chart-value-withheld' : 'chart-value'}
              >
                {b.value === null ? t('monitoring.suppressed') : number(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="visually-hidden">{title}</figcaption>
    </figure>
  );
}
