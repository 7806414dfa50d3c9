// A lift's page: its live status, a day, week or month of runs, door cycles, energy and faults as charts
// (uPlot, served from its WebJar), its alarm history, maintenance visits and periodic inspections.
import uPlot from './lib/uplot/uPlot.esm.js';
import {api, dateTime, empty, esc, failed, fill, has, pagedTable, session, t} from './core.js';
import {live, onAlarm} from './live.js';

const ZONE = 'Asia/Shanghai';
const HOUR = 3600;
const DAY = 86400;
/** Asia/Shanghai keeps UTC+8 all year, so its days start at a fixed offset from UTC's. */
const SHANGHAI_OFFSET = 8 * HOUR;
/** Each period: how far back, and the width of one bar. */
const PERIODS = {day: {buckets: 24, width: HOUR}, week: {buckets: 7, width: DAY}, month: {buckets: 30, width: DAY}};
const SERIES = [
  {key: 'runs', text: 'lift.chart.runs', value: c => Number(c.dRuns || 0)},
  {key: 'doorCycles', text: 'lift.chart.doorCycles', value: c => Number(c.dDoorCycles || 0)},
  {key: 'energy', text: 'lift.chart.energy', value: c => Number(c.dEnergyKwh || 0)},
  {key: 'faults', text: 'lift.chart.faults'},
];
const yes = b => t(b ? 'word.yes' : 'word.no');
const typeText = type => has('alarm.type.' + type) ? t('alarm.type.' + type) : type;
let charts = [];

/** The bars' starts (epoch seconds) of a period ending now: whole hours for a day, whole Beijing days otherwise. */
function buckets(period) {
  const {buckets: n, width} = PERIODS[period];
  const now = Math.floor(Date.now() / 1000);
  const last = width === HOUR ? now - now % HOUR : now - (now + SHANGHAI_OFFSET) % DAY;
  return [...Array(n).keys()].map(i => last - (n - 1 - i) * width);
}

function sum(starts, width, rows, at, value) {
  const totals = starts.map(() => 0);
  for (const row of rows) {
    const i = Math.floor((Date.parse(at(row)) / 1000 - starts[0]) / width);
    if (i >= 0 && i < totals.length) totals[i] += value(row);
  }
  return totals.map(v => Math.round(v * 100) / 100);
}

function drawChart(target, title, xs, ys, width) {
  const options = {
    width: Math.max(280, Math.min(560, target.clientWidth || 560)), height: 170, title,
    tzDate: ts => uPlot.tzDate(new Date(ts * 1e3), ZONE),
    legend: {show: false}, cursor: {drag: {x: false, y: false}},
    scales: {x: {time: true, range: [xs[0] - width / 2, xs[xs.length - 1] + width / 2]}, y: {range: (u, min, max) => [0, Math.max(1, max)]}},
    series: [{}, {label: title, stroke: '#1f5fbf', fill: 'rgba(31, 95, 191, 0.45)', points: {show: false},
      paths: uPlot.paths.bars({size: [0.7, 40]})}],
  };
  charts.push(new uPlot(options, [xs, ys], target));
}

async function drawCharts(id, period) {
  const section = document.getElementById('charts');
  if (!section) return;
  const started = performance.now();
  charts.forEach(chart => chart.destroy());
  charts = [];
  const starts = buckets(period);
  const {width} = PERIODS[period];
  const from = new Date(starts[0] * 1000).toISOString(), to = new Date((starts[starts.length - 1] + width) * 1000).toISOString();
  const span = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=10000`;
  const box = section.querySelector('.chart-grid');
  let values = null;
  await fill(box, async () => {
    const [counters, faults] = await Promise.all([api(`/lifts/${id}/counters?${span}`), api(`/lifts/${id}/faults?${span}`)]);
    values = {faults: sum(starts, width, faults.items.filter(f => f.raised), f => f.ts, () => 1)};
    for (const s of SERIES.filter(s => s.value)) values[s.key] = sum(starts, width, counters.items, c => c.ts, s.value);
    return SERIES.map(s => `<figure class="chart" data-series="${s.key}" data-total="${values[s.key].reduce((a, b) => a + b, 0)}"
      aria-label="${esc(t(s.text))}"></figure>`).join('');
  });
  if (!values || !box.isConnected) return;
  for (const s of SERIES) drawChart(box.querySelector(`[data-series=${s.key}]`), t(s.text), starts, values[s.key], width);
  section.dataset.period = period;
  section.dataset.drawnMs = String(Math.round(performance.now() - started));
}

function statusCards(lift) {
  return `<div><dt>${esc(t('lift.online'))}</dt><dd id="lift-online">${esc(yes(lift.online))}</dd></div>
    <div><dt>${esc(t('lift.mode'))}</dt><dd>${esc(lift.mode ? (has('mode.' + lift.mode) ? t('mode.' + lift.mode) : lift.mode) : '—')}</dd></div>
    <div><dt>${esc(t('lift.floor'))}</dt><dd>${esc(lift.floor ?? '—')}</dd></div>
    <div><dt>${esc(t('lift.passenger'))}</dt><dd>${esc(yes(lift.passenger))}</dd></div>
    <div><dt>${esc(t('lift.lastSeen'))}</dt><dd>${esc(dateTime(lift.lastSeenAt))}</dd></div>`;
}

/** A list already loaded, shown a page at a time. */
function listed(target, items, columns, row, emptyKey) {
  if (!target) return null; // the person has left the page while it loaded
  return pagedTable(target, {columns, emptyKey, pageSize: 20, row,
    load: async (limit, offset) => items.slice(offset, offset + limit)});
}

/** A visit's confirmation: who confirmed it and when, or a button for the lift's property manager. */
function confirmation(v) {
  if (v.confirmedBy) return esc(t('visit.confirmedBy', v.confirmedBy, v.confirmedAt ? dateTime(v.confirmedAt) : '—'));
  return session.me?.role === 'property'
    ? `<button type="button" data-confirm="${esc(v.id)}">${esc(t('visit.confirm'))}</button>`
    : `<span class="due due">${esc(t('visit.awaitingConfirmation'))}</span>`;
}

async function history(id) {
  const [alarms, visits, inspections, runs] = await Promise.all([api(`/alarms?status=all&lift=${id}&limit=1000`),
    api(`/lifts/${id}/maintenance-visits`), api(`/lifts/${id}/inspections`), api(`/lifts/${id}/runs?limit=20`)]);
  const newestFirst = alarms.items.sort((a, b) => Date.parse(b.firstSeen) - Date.parse(a.firstSeen));
  await listed(document.getElementById('lift-alarms'), newestFirst,
    ['alarm.firstSeen', 'alarm.severity', 'alarm.type', 'alarm.count', 'alarm.state', 'alarm.clearedAt'],
    a => `<tr data-alarm="${a.id}"><td>${esc(dateTime(a.firstSeen))}</td><td><span class="sev ${esc(a.severity)}">${esc(t('severity.' + a.severity))}</span></td>
      <td>${esc(typeText(a.type))}</td><td>${a.count}</td><td>${esc(t('alarm.status.' + a.status))}</td>
      <td>${esc(a.clearedAt ? dateTime(a.clearedAt) + (a.clearReason ? ' · ' + a.clearReason : '') : '—')}</td></tr>`, 'lift.noAlarms');
  const visitList = document.getElementById('lift-visits');
  await listed(visitList, visits.items,
    ['visit.startedAt', 'visit.tier', 'visit.items', 'visit.findings', 'visit.technicians', 'visit.confirmation'],
    v => `<tr data-visit="${v.id}"><td>${esc(dateTime(v.startedAt))}</td><td>${esc(t('tier.' + v.tier))}</td><td>${esc((v.items || []).join('、'))}</td>
      <td>${esc(v.findings ?? '')}</td><td>${esc((v.technicians || []).join('、'))}</td><td>${confirmation(v)}</td></tr>`, 'lift.noVisits');
  if (visitList) {
    // The use unit's safety manager confirms a visit once (TSG T5002); the list then shows who and when.
    visitList.onclick = async e => {
      const visit = e.target.dataset.confirm;
      if (!visit) return;
      e.target.disabled = true;
      try {
        await api(`/maintenance-visits/${visit}/confirmation`, {method: 'POST', body: {}});
        await history(id);
      } catch (err) {
        e.target.disabled = false;
        e.target.insertAdjacentHTML('afterend', ` <span class="note error" role="alert">${esc(t('state.error', err.message))}</span>`);
      }
    };
  }
  await listed(document.getElementById('lift-inspections'), inspections.items,
    ['inspection.on', 'inspection.body', 'inspection.result', 'inspection.nextDue', 'inspection.certificate',
      'inspection.recordedBy'],
    i => `<tr><td>${esc(i.inspectedOn)}</td><td>${esc(i.body)}</td><td>${esc(t('inspection.result.' + i.result))}</td>
      <td>${esc(i.nextDue)}</td><td>${esc(i.certificate ?? '—')}</td><td>${esc(i.recordedBy ?? '—')}</td></tr>`,
    'lift.noInspections');
  const recent = document.getElementById('lift-runs');
  if (!recent) return;
  recent.innerHTML = runs.items.length ? `<table><thead><tr><th scope="col">${esc(t('run.ended'))}</th>
    <th scope="col">${esc(t('run.from'))}</th><th scope="col">${esc(t('run.to'))}</th><th scope="col">${esc(t('run.cards'))}</th></tr></thead>
    <tbody>${runs.items.map(r => `<tr><td>${esc(dateTime(r.endedAt))}</td><td>${esc(r.fromFloor)}</td><td>${esc(r.toFloor)}</td>
    <td>${esc(r.cards.join(', ') || t('run.noCard'))}</td></tr>`).join('')}</tbody></table>` : empty('run.none');
}

export async function liftPage(view, id) {
  onAlarm(() => {});
  let lift;
  await fill(view, async () => {
    lift = await api('/lifts/' + id);
    return `<section><h1>${esc(lift.address)} <small>${esc(lift.id)}</small></h1><dl class="cards" id="lift-status">${statusCards(lift)}</dl></section>
      <section id="charts"><h2>${esc(t('lift.charts'))}</h2>
        <div class="periods" role="radiogroup" aria-label="${esc(t('lift.period'))}">${Object.keys(PERIODS).map(p =>
          `<label class="period"><input type="radio" name="period" value="${p}" ${p === 'week' ? 'checked' : ''}> ${esc(t('lift.period.' + p))}</label>`).join('')}</div>
        <div class="chart-grid"></div></section>
      <section><h2>${esc(t('lift.alarmHistory'))}</h2><div id="lift-alarms"></div></section>
      <section><h2>${esc(t('lift.visits'))}</h2><div id="lift-visits"></div></section>
      <section><h2>${esc(t('lift.inspections'))}</h2><div id="lift-inspections"></div></section>
      <section><h2>${esc(t('lift.recentRuns'))}</h2><div id="lift-runs"></div></section>`;
  });
  if (!lift) return;
  document.querySelectorAll('#charts input[name=period]').forEach(input => {
    input.onchange = () => drawCharts(id, input.value);
  });
  await Promise.all([drawCharts(id, 'week'), history(id).catch(e => {
    document.getElementById('lift-alarms').innerHTML = failed(e);
  })]);
  // The status follows the stream: an event of this lift (it went offline, a fault) reloads it.
  onAlarm(async event => {
    const cards = document.getElementById('lift-status');
    if (!cards || (event.liftId && event.liftId !== id)) return;
    cards.innerHTML = statusCards(await api('/lifts/' + id));
    history(id).catch(() => {});
  });
  live();
}
