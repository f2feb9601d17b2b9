/**
 * `/data`: the glucose view: one day's CGM readings on a chart with the day's boluses, injections
 * and carbs listed under it (and its insulin in all, a pump's basal included), day navigation,
 * and a 14/30/90-day summary.
 */
import { NotFoundError, type StoredDatum, type Summary } from '@tidepool/sdk';
import { html, nothing } from 'lit-html';
import type { PageFactory } from '../app-context.js';
import { problemAlert } from '../forms/form-parts.js';
import { describeProblem, type ProblemView } from '../forms/problem-view.js';
import { drawDayChart } from '../glucose/day-chart.js';
import { dayChartData, describeDayChart } from '../glucose/day-chart-data.js';
import { dayDoses, describeDayDoses, DOSE_TYPES } from '../glucose/day-doses.js';
import { targetRange, formatGlucose } from '../glucose/glucose-units.js';
import {
  addDays,
  dayEnd,
  dayOf,
  dayStart,
  formatDay,
  formatTimeOfDay,
  isDayKey,
  type DayKey,
} from '../glucose/local-day.js';
import {
  isSummaryPeriod,
  summaryRows,
  SUMMARY_PERIODS,
  type SummaryPeriod,
} from '../glucose/summary-view.js';

export const glucosePage: PageFactory = (context, location) => {
  const viewed = context.viewed;
  const units = context.account?.units ?? 'mg/dL';
  const today = dayOf(new Date());
  const requestedDay = location.searchParams.get('day');
  let day: DayKey | undefined;
  let latestDay: DayKey | undefined;
  // The day's CGM readings, boluses, injections, carbs and basal segments: the chart, the list and its totals.
  let dayData: StoredDatum[] = [];
  let dayLoading = true;
  let period: SummaryPeriod = 14;
  let summary: Summary | null = null;
  let summaryState: 'loading' | 'empty' | 'ready' | 'failed' = 'loading';
  let problem: ProblemView | null = null;
  let removeChart: (() => void) | undefined;
  const controller = new AbortController();
  const signal = controller.signal;

  function drawChart(): void {
    removeChart?.();
    removeChart = undefined;
    const container = document.getElementById('day-chart');
    if (container === null || day === undefined) return;
    const start = dayStart(day);
    const end = dayEnd(day);
    removeChart = drawDayChart(container, {
      data: dayChartData(dayData, start, end, units),
      doses: dayDoses(dayData, start, end).lines,
      start: start.getTime() / 1000,
      end: end.getTime() / 1000,
      units,
    });
  }

  async function loadDay(next: DayKey): Promise<void> {
    if (viewed === null) return;
    day = next;
    dayLoading = true;
    context.update();
    // endDate is inclusive: the last millisecond before the day, and of the day.
    const beforeDay = new Date(dayStart(next).getTime() - 1).toISOString();
    try {
      const [running, ofTheDay] = await Promise.all([
        // The basal segment running at midnight began the day before: its part after midnight counts.
        context.client.data.query(
          viewed.userid,
          { type: 'basal', endDate: beforeDay, latest: true },
          { signal },
        ),
        context.client.data.query(
          viewed.userid,
          {
            type: ['cbg', ...DOSE_TYPES].join(','),
            startDate: dayStart(next).toISOString(),
            endDate: new Date(dayEnd(next).getTime() - 1).toISOString(),
          },
          { signal },
        ),
      ]);
      dayData = [...running, ...ofTheDay];
      problem = null;
    } catch (error) {
      if (signal.aborted) return;
      dayData = [];
      problem = describeProblem(error);
    }
    dayLoading = false;
    context.update();
    drawChart();
    const shown = dayChartData(dayData, dayStart(next), dayEnd(next), units);
    const doses = dayDoses(dayData, dayStart(next), dayEnd(next));
    context.announce(`${formatDay(next)}: ${describeDayChart(shown, units)} ${describeDayDoses(doses)}`);
  }

  async function loadSummary(): Promise<void> {
    if (viewed === null) return;
    const last = latestDay ?? today;
    summaryState = 'loading';
    context.update();
    try {
      summary = await context.client.data.summary(
        viewed.userid,
        {
          startDate: dayStart(addDays(last, 1 - period)).toISOString(),
          endDate: dayEnd(last).toISOString(),
          units,
        },
        { signal },
      );
      summaryState = 'ready';
    } catch (error) {
      if (signal.aborted) return;
      summary = null;
      summaryState = error instanceof NotFoundError ? 'empty' : 'failed';
      if (summaryState === 'failed') problem = describeProblem(error);
    }
    context.update();
  }

  async function start(): Promise<void> {
    if (viewed === null) return;
    try {
      const [latest] = await context.client.data.query(
        viewed.userid,
        { type: 'cbg', latest: true },
        { signal },
      );
      latestDay = latest === undefined ? undefined : dayOf(new Date(latest.time));
    } catch (error) {
      if (signal.aborted) return;
      problem = describeProblem(error);
    }
    const first = requestedDay !== null && isDayKey(requestedDay) ? requestedDay : (latestDay ?? today);
    await Promise.all([loadDay(first), loadSummary()]);
  }

  function goToDay(next: DayKey): void {
    window.history.replaceState(null, '', `/data?day=${next}`);
    void loadDay(next);
  }

  const range = targetRange(units);
  const navigation = () =>
    day === undefined
      ? nothing
      : html`<div class="day-navigation" role="group" aria-label="Day">
          <button
            type="button"
            @click=${() => {
              goToDay(addDays(day ?? today, -1));
            }}
          >
            <span aria-hidden="true">←</span> Previous day
          </button>
          <p class="day-name" aria-live="polite">${formatDay(day)}</p>
          <button
            type="button"
            ?disabled=${day >= today}
            @click=${() => {
              goToDay(addDays(day ?? today, 1));
            }}
          >
            Next day <span aria-hidden="true">→</span>
          </button>
        </div>`;

  const chart = () => {
    if (day === undefined) return nothing;
    const shown = dayChartData(dayData, dayStart(day), dayEnd(day), units);
    return html`<figure class="chart">
      <div
        id="day-chart"
        class="chart-canvas"
        role="img"
        aria-label=${`Glucose on ${formatDay(day)}. ${describeDayChart(shown, units)}`}
      ></div>
      <figcaption>
        ${dayLoading ? 'Loading the readings…' : describeDayChart(shown, units)} The shaded band is the target
        range, ${formatGlucose(range.low, units, false)} to ${formatGlucose(range.high, units)}. Insulin (U)
        and carbs (g) are marked along the top, and listed under the chart.
      </figcaption>
    </figure>`;
  };

  const dosesSection = () => {
    if (day === undefined) return nothing;
    const doses = dayDoses(dayData, dayStart(day), dayEnd(day));
    return html`<section aria-labelledby="doses-heading">
      <h2 id="doses-heading">Insulin and carbs</h2>
      ${
        dayLoading
          ? html`<p>Loading the doses…</p>`
          : html`<p>${describeDayDoses(doses)}</p>
              ${
                doses.lines.length === 0
                  ? nothing
                  : html`<table class="doses">
                      <caption class="visually-hidden">
                        Boluses, injections and carbs on ${formatDay(day)}
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Time</th>
                          <th scope="col">What</th>
                          <th scope="col">Amount</th>
                        </tr>
                      </thead>
                      <tbody>
                        ${doses.lines.map(
                          (line) =>
                            html`<tr>
                              <td>${formatTimeOfDay(line.time)}</td>
                              <td>${line.what}</td>
                              <td>${line.amount}</td>
                            </tr>`,
                        )}
                      </tbody>
                    </table>`
              }`
      }
    </section>`;
  };

  const summarySection = () =>
    html`<section aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <div class="field inline">
        <label for="summary-period">Period</label>
        <select
          id="summary-period"
          @change=${(event: Event) => {
            const value = Number((event.target as HTMLSelectElement).value);
            if (isSummaryPeriod(value)) period = value;
            void loadSummary();
          }}
        >
          ${SUMMARY_PERIODS.map((days) => html`<option value=${days} ?selected=${days === period}>Last ${days} days</option>`)}
        </select>
      </div>
      ${
        summaryState === 'loading'
          ? html`<p>Loading the summary…</p>`
          : summaryState === 'empty'
            ? html`<p>No glucose readings in these ${period} days.</p>`
            : summary === null
              ? nothing
              : html`<p class="hint">
                    ${formatDay(addDays(latestDay ?? today, 1 - period))} to ${formatDay(latestDay ?? today)}
                  </p>
                  <dl class="summary" data-testid="summary">
                    ${summaryRows(summary).map(
                      (row) =>
                        html`<div class="summary-row">
                          <dt>${row.label}</dt>
                          <dd>${row.value}</dd>
                        </div>`,
                    )}
                  </dl>`
      }
    </section>`;

  return {
    title: 'Glucose',
    render: () =>
      html`<h1 tabindex="-1">
          ${viewed === null || viewed.isSelf ? 'Your glucose' : `Glucose of ${viewed.name}`}
        </h1>
        ${problemAlert(problem)}
        ${
          latestDay === undefined && !dayLoading && dayData.every((datum) => datum.type !== 'cbg')
            ? html`<p>No CGM readings yet. <a href="/upload">Upload a device file</a> to see them here.</p>`
            : nothing
        }
        ${navigation()} ${chart()} ${dosesSection()} ${summarySection()}`,
    start: () => {
      void start();
    },
    stop: () => {
      controller.abort();
      removeChart?.();
    },
  };
};
