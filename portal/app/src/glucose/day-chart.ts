/**
 * The day chart: CGM readings over one day with the target range shaded, drawn by uPlot, and the
 * day's boluses, injections and carbs marked along its top at their times.
 */
import uPlot from 'uplot';
import type { DayChartData } from './day-chart-data.js';
import type { DoseLine } from './day-doses.js';
import { targetRange, type DisplayUnits } from './glucose-units.js';
import { formatTimeOfDay } from './local-day.js';

/** The glucose axis: from below a CGM's lowest reading to above its highest, in each unit. */
const GLUCOSE_AXIS = { 'mg/dL': [40, 400], 'mmol/L': [2.2, 22.2] } as const;

const CHART_HEIGHT = 280;

/** Shades the target range behind the readings: a band across the plot from the low to the high threshold. */
function targetBand(low: number, high: number): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (plot: uPlot) => {
        const top = plot.valToPos(high, 'y', true);
        const bottom = plot.valToPos(low, 'y', true);
        plot.ctx.save();
        plot.ctx.fillStyle = 'rgba(38, 135, 72, 0.16)';
        plot.ctx.fillRect(plot.bbox.left, top, plot.bbox.width, bottom - top);
        plot.ctx.restore();
      },
    },
  };
}

/**
 * Marks the doses and carbs over the plot, insulin on the top row and carbs on the row under
 * it, each centred on its time. They are elements, not drawings on the canvas, so that their
 * text is sharp and a test can find them; they are hidden from screen readers, as the list
 * under the chart says the same.
 */
function doseMarks(lines: readonly DoseLine[]): uPlot.Plugin {
  let marks: HTMLElement[] = [];
  return {
    hooks: {
      init: (plot: uPlot) => {
        marks = lines.map((line) => {
          const mark = document.createElement('span');
          mark.className = `chart-mark chart-mark-${line.kind}`;
          mark.textContent = line.mark;
          mark.setAttribute('aria-hidden', 'true');
          plot.over.append(mark);
          return mark;
        });
      },
      // Placed again at every draw, as the plot's width follows the page's; a mark near midnight
      // is kept whole inside the plot rather than centred on its time and cut off.
      draw: (plot: uPlot) => {
        const width = plot.over.clientWidth;
        lines.forEach((line, index) => {
          const mark = marks[index];
          if (mark === undefined) return;
          const half = mark.offsetWidth / 2;
          const centre = Math.min(Math.max(plot.valToPos(line.time / 1000, 'x'), half), width - half);
          mark.style.left = `${centre}px`;
        });
      },
    },
  };
}

export interface DayChartOptions {
  readonly data: DayChartData;
  /** The day's boluses, injections and carbs, marked at their times. */
  readonly doses: readonly DoseLine[];
  /** The day's bounds, in seconds since the epoch: the x axis spans the whole day. */
  readonly start: number;
  readonly end: number;
  readonly units: DisplayUnits;
}

/**
 * Draws the chart into `container`, replacing any earlier one, and answers a function that
 * removes it. The chart follows the container's width, so it fits a 375 px wide screen.
 *
 * @example const remove = drawDayChart(element, { data, doses: doses.lines, start, end, units: 'mg/dL' });
 */
export function drawDayChart(container: HTMLElement, options: DayChartOptions): () => void {
  const { low, high } = targetRange(options.units);
  const values = options.data[1];
  const [axisLow, axisHigh] = GLUCOSE_AXIS[options.units];
  const plot = new uPlot(
    {
      width: Math.max(container.clientWidth, 280),
      height: CHART_HEIGHT,
      plugins: [targetBand(low, high), doseMarks(options.doses)],
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: [options.start, options.end] },
        y: {
          range: [Math.min(axisLow, ...values), Math.max(axisHigh, ...values)],
        },
      },
      // The hours as the browser's language writes them (uPlot's own labels are `12am`, `5/19/24`),
      // as the day's list of doses does; spaced for the widest (`12:00 AM`). The day's end, the
      // next midnight, is left unlabelled: its label would stick out of a narrow chart.
      axes: [
        {
          space: 64,
          values: (_plot, splits) =>
            splits.map((seconds) => (seconds >= options.end ? '' : formatTimeOfDay(seconds * 1000))),
        },
        { label: options.units, size: 56 },
      ],
      series: [
        {},
        {
          label: `Glucose (${options.units})`,
          stroke: '#1b5fa8',
          width: 1.5,
          points: { show: true, size: 4, fill: '#1b5fa8' },
        },
      ],
    },
    options.data,
    container,
  );
  const resize = () => {
    plot.setSize({ width: Math.max(container.clientWidth, 280), height: CHART_HEIGHT });
  };
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    plot.destroy();
  };
}
