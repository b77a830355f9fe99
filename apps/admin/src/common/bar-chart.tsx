export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Shown on hover and read by screen readers. */
  readonly title: string;
}

export interface BarChartProps {
  readonly bars: readonly Bar[];
  /** Label every n-th bar (24 hours on a phone do not fit 24 labels). */
  readonly labelEvery?: number;
  readonly testId?: string;
}

/**
 * A bar chart of plain elements sized in percent: what the dashboard needs (hours, days) in a few
 * lines, crisp at any width, with no chart library on the first load.
 */
export function BarChart({ bars, labelEvery = 1, testId }: BarChartProps) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <div className="chart" data-testid={testId} role="list">
      {bars.map((b, i) => (
        <div
          key={`${b.label}-${i}`}
          className="chart__col"
          role="listitem"
          title={b.title}
          aria-label={b.title}
        >
          <div className="chart__track">
            <div
              className="chart__bar"
              style={{ height: `${b.value === 0 ? 0 : Math.max(2, (b.value / max) * 100)}%` }}
            />
          </div>
          <span className="chart__label">{i % labelEvery === 0 ? b.label : ''}</span>
        </div>
      ))}
    </div>
  );
}
