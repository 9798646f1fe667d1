/**
 * A bar chart drawn on the server as SVG: one bar per period, its value written above it and in
 * its tooltip, the scale from zero. Readable without JavaScript or colour; pages put the same
 * numbers in a table too.
 */

export interface Bar {
  /** The period, as shown under the bar ("Nov 2026"). */
  label: string;
  value: number;
  /** The value as written ("3", "0.25"). */
  shown: string;
}

const WIDTH = 640;
const HEIGHT = 220;
const TOP = 24;
const BOTTOM = 34;
const LEFT = 8;

export function BarChart(props: { title: string; bars: Bar[]; id: string }) {
  const { bars } = props;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const slot = (WIDTH - 2 * LEFT) / Math.max(1, bars.length);
  const barWidth = Math.max(4, slot * 0.7);
  const plot = HEIGHT - TOP - BOTTOM;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      class="bar-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-labelledby={`${props.id}-title`}
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <line
        x1={LEFT}
        x2={WIDTH - LEFT}
        y1={HEIGHT - BOTTOM}
        y2={HEIGHT - BOTTOM}
        stroke="#555555"
        stroke-width="1"
      />
      {bars.map((bar, i) => {
        const height = max > 0 ? (bar.value / max) * plot : 0;
        const x = LEFT + i * slot + (slot - barWidth) / 2;
        const y = HEIGHT - BOTTOM - height;
        return (
          <g class="bar">
            <rect
              x={x.toFixed(1)}
              y={y.toFixed(1)}
              width={barWidth.toFixed(1)}
              height={height.toFixed(1)}
              fill="#2171b5"
            >
              <title>{`${bar.label}: ${bar.shown}`}</title>
            </rect>
            <text
              x={(x + barWidth / 2).toFixed(1)}
              y={(y - 6).toFixed(1)}
              text-anchor="middle"
              font-size="12"
              fill="#222222"
            >
              {bar.shown}
            </text>
            <text
              x={(x + barWidth / 2).toFixed(1)}
              y={HEIGHT - BOTTOM + 18}
              text-anchor="middle"
              font-size="11"
              fill="#444444"
            >
              {bar.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
