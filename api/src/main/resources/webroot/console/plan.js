// The maintenance plan: the company's lifts due and overdue per tier and by on-demand usage, and a visit
// recorded from the list (tier, items, findings, technicians), which takes the lift off the plan.
import {api, dateTime, esc, fill, pagedTable, say, t, values} from './core.js';
import {streetOptions} from './maintenance.js';

const TIERS = ['half_monthly', 'quarterly', 'half_yearly', 'yearly', 'on_demand'];
const STATES = ['overdue', 'due'];
const VISIT_TIERS = TIERS.slice(0, 4);
const splitList = text => text.split(/[,，、\n]/).map(s => s.trim()).filter(Boolean);

/** A datetime-local value showing an instant in Beijing time (UTC+8 all year), whatever the browser's own zone. */
const beijingInput = date => new Date(date.getTime() + 8 * 3600e3).toISOString().slice(0, 16);
/** A datetime-local value read as Beijing time. */
const fromBeijing = value => new Date(value + ':00+08:00').toISOString();

function counts(plan) {
  const cell = (tier, state) => plan.counts.find(c => c.tier === tier && c.state === state)?.lifts ?? 0;
  return `<table id="plan-counts"><thead><tr><th scope="col">${esc(t('plan.tier'))}</th>${STATES.map(s =>
    `<th scope="col">${esc(t('plan.state.' + s))}</th>`).join('')}</tr></thead><tbody>${TIERS.map(tier =>
    `<tr data-tier="${tier}"><th scope="row">${esc(t('tier.' + tier))}</th>${STATES.map(s =>
      `<td class="count" data-state="${s}">${cell(tier, s)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function visitForm(row) {
  const now = new Date();
  const tier = row.tier === 'on_demand' ? 'half_monthly' : row.tier;
  return `<form id="visit-form" class="inline" data-lift="${esc(row.liftId)}"><h3>${esc(t('plan.recordFor', row.address, row.liftId))}</h3>
    <label>${esc(t('visit.tier'))} <select name="tier">${VISIT_TIERS.map(v => `<option value="${v}" ${v === tier ? 'selected' : ''}>${esc(t('tier.' + v))}</option>`).join('')}</select></label>
    <label>${esc(t('visit.startedAt'))} <input type="datetime-local" name="startedAt" required value="${beijingInput(new Date(now - 3600e3))}"></label>
    <label>${esc(t('visit.endedAt'))} <input type="datetime-local" name="endedAt" required value="${beijingInput(now)}"></label>
    <label class="wide">${esc(t('visit.items'))} <input name="items" required placeholder="${esc(t('visit.itemsHint'))}"></label>
    <label class="wide">${esc(t('visit.findings'))} <input name="findings"></label>
    <label>${esc(t('visit.technicians'))} <input name="technicians" required placeholder="${esc(t('visit.techniciansHint'))}"></label>
    <button class="primary">${esc(t('plan.save'))}</button> <button type="button" data-cancel>${esc(t('action.cancel'))}</button>
    <p class="note" id="visit-note"></p></form>`;
}

export async function planPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.plan'))}</h1><p class="hint">${esc(t('plan.hint'))}</p><div id="plan-summary"></div></section>
    <section><form class="inline filters" id="plan-filters">
      <label>${esc(t('plan.tier'))} <select name="tier"><option value="">${esc(t('plan.allTiers'))}</option>${TIERS.map(v =>
        `<option value="${v}">${esc(t('tier.' + v))}</option>`).join('')}</select></label>
      <label>${esc(t('plan.stateLabel'))} <select name="state"><option value="">${esc(t('plan.state.any'))}</option>${STATES.map(s =>
        `<option value="${s}">${esc(t('plan.state.' + s))}</option>`).join('')}</select></label>
      <label>${esc(t('alarm.filterStreet'))} <select name="street"><option value="">${esc(t('alarm.allStreets'))}</option></select></label></form>
      <div id="visit-box"></div><div id="plan"></div></section>`;
  const filters = document.getElementById('plan-filters');
  streetOptions().then(options => filters.street.insertAdjacentHTML('beforeend', options)).catch(() => {});
  const box = document.getElementById('visit-box');
  let shown = [];
  async function draw() {
    const f = values(filters);
    const query = Object.entries(f).filter(([, v]) => v).map(([k, v]) => `&${k}=${encodeURIComponent(v)}`).join('');
    await fill(document.getElementById('plan-summary'), async () => counts(await api('/maintenance-plan?limit=1' + query.replace(/&tier=[^&]*/, ''))));
    const list = document.getElementById('plan');
    if (!list) return; // the person has left the page
    await pagedTable(list, {
      columns: ['plan.lift', 'plan.tier', 'plan.lastVisit', 'plan.dueOn', 'plan.stateLabel', 'alarm.actions'], emptyKey: 'plan.none',
      load: async (limit, offset) => (shown = (await api(`/maintenance-plan?limit=${limit}&offset=${offset}${query}`)).items),
      row: r => `<tr data-lift="${esc(r.liftId)}" data-tier="${esc(r.tier)}" class="plan-${esc(r.state)}">
        <td><a href="#/lift/${esc(r.liftId)}">${esc(r.address)}</a> <small>${esc(r.liftId)}</small></td>
        <td>${esc(t('tier.' + r.tier))}</td><td>${esc(r.lastVisit ? dateTime(r.lastVisit) : t('plan.never'))}</td>
        <td>${esc(r.tier === 'on_demand' ? t('plan.usageReached') : r.dueOn ?? '—')}</td>
        <td><span class="due ${esc(r.state)}">${esc(t('plan.state.' + r.state))}</span></td>
        <td><button type="button" data-record="${esc(r.liftId)}" data-tier="${esc(r.tier)}">${esc(t('plan.record'))}</button></td></tr>`});
  }
  filters.onchange = draw;
  document.getElementById('plan').addEventListener('click', e => {
    const lift = e.target.dataset.record;
    if (!lift) return;
    const row = shown.find(r => r.liftId === lift && r.tier === e.target.dataset.tier);
    box.innerHTML = visitForm(row);
    const form = document.getElementById('visit-form');
    form.items.focus();
    form.querySelector('[data-cancel]').onclick = () => { box.innerHTML = ''; };
    form.onsubmit = async submit => {
      submit.preventDefault();
      const v = values(form);
      const body = {tier: v.tier, startedAt: fromBeijing(v.startedAt), endedAt: fromBeijing(v.endedAt),
        items: splitList(v.items), findings: v.findings || null, technicians: splitList(v.technicians)};
      try {
        await api(`/lifts/${lift}/maintenance-visits`, {method: 'POST', body});
        box.innerHTML = `<p class="note ok" role="status" id="visit-saved">${esc(t('plan.saved', row.address))}</p>`;
        await draw();
      } catch (err) {
        say(document.getElementById('visit-note'), t('state.error', err.message), true, err.detail);
      }
    };
  });
  await draw();
}
