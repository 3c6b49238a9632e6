import { useTranslation } from 'react-i18next';
import classes from './insights.module.css';
import { useScoreFormat } from './score-format';

const WIDTH = 720;
const LABEL_WIDTH = 200;
const BAR_HEIGHT = 26;
const GAP = 10;
const AXIS = 22;

/**
 * The two correlations of the peak–end panel side by side on one −1…1 axis: how closely the
 * overall rating follows (peak + end) / 2 and how closely it follows the plain mean of the moments.
 */
export function PeakEndChart({ peakEnd, mean }: { peakEnd: number | null; mean: number | null }) {
  const { t } = useTranslation();
  const format = useScoreFormat();
  const r = new Intl.NumberFormat(format.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const bars = [
    { key: 'peak-end', label: t('insights.peakEnd.correlationPeakEnd'), value: peakEnd, color: 'var(--mantine-color-orange-6)' },
    { key: 'mean', label: t('insights.peakEnd.correlationMean'), value: mean, color: 'var(--mantine-color-blue-6)' },
  ];
  const plot = WIDTH - LABEL_WIDTH - 60;
  const x = (value: number) => LABEL_WIDTH + ((value + 1) / 2) * plot;
  const height = bars.length * (BAR_HEIGHT + GAP) + AXIS;
  const axisY = bars.length * (BAR_HEIGHT + GAP);
  return (
    <svg
      className={classes.chart}
      viewBox={`0 0 ${WIDTH} ${height}`}
      style={{ maxWidth: WIDTH }}
      role="img"
      aria-label={t('insights.peakEnd.chartLabel', { peakEnd: peakEnd === null ? '—' : r.format(peakEnd), mean: mean === null ? '—' : r.format(mean) })}
      data-testid="peak-end-chart"
    >
      {[-1, -0.5, 0, 0.5, 1].map((tick) => (
        <g key={tick}>
          <line x1={x(tick)} x2={x(tick)} y1={0} y2={axisY} stroke={tick === 0 ? 'var(--mantine-color-gray-6)' : 'var(--mantine-color-gray-3)'} />
          <text x={x(tick)} y={axisY + 15} textAnchor="middle" fontSize={11} fill="var(--mantine-color-gray-7)">
            {r.format(tick)}
          </text>
        </g>
      ))}
      {bars.map((bar, index) => {
        const y = index * (BAR_HEIGHT + GAP) + GAP / 2;
        const value = bar.value ?? 0;
        const left = Math.min(x(0), x(value));
        const width = Math.max(2, Math.abs(x(value) - x(0)));
        return (
          <g key={bar.key} data-bar={bar.key}>
            <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT / 2} textAnchor="end" dominantBaseline="central" fontSize={13} fill="var(--mantine-color-text)">
              {bar.label}
            </text>
            {bar.value !== null && <rect x={left} y={y} width={width} height={BAR_HEIGHT} rx={3} fill={bar.color} />}
            <text x={bar.value !== null && bar.value < 0 ? left - 6 : left + width + 6} y={y + BAR_HEIGHT / 2} textAnchor={bar.value !== null && bar.value < 0 ? 'end' : 'start'} dominantBaseline="central" fontSize={13} fontWeight={700} fill="var(--mantine-color-text)">
              {bar.value === null ? '—' : r.format(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
