// An administrator's rule settings: the alarm rules' thresholds per lift model and per lift, over the
// service's defaults. Each threshold is a labelled input; a blank one keeps the value beneath it. Values are
// checked in the page with messages in words before they are sent, and the API checks them again.
import {api, dateTime, esc, fill, pagedTable, say, t} from './core.js';
import {localPages} from './admin-accounts.js';

/** Each threshold: its key, its label, the least and most values allowed (RuleSettings.BOUNDS), and whether it is a ratio. */
const RULES = [
  {key: 'entrapmentAfterSeconds', label: 'rule.entrapmentAfterSeconds', min: 1, max: 600},
  {key: 'outsideDoorZoneAfterSeconds', label: 'rule.outsideDoorZoneAfterSeconds', min: 1, max: 600},
  {key: 'doorReopenLimit', label: 'rule.doorReopenLimit', min: 2, max: 50},
  {key: 'maintenanceIntervalDays', label: 'rule.maintenanceIntervalDays', min: 1, max: 90},
  {key: 'maintenanceRunsLimit', label: 'rule.maintenanceRunsLimit', min: 0, max: 1000000},
  {key: 'maintenanceDoorCyclesLimit', label: 'rule.maintenanceDoorCyclesLimit', min: 0, max: 2000000},
  {key: 'doorCycleRatioRaise', label: 'rule.doorCycleRatioRaise', min: 0, max: 20, ratio: true},
  {key: 'doorCycleRatioClear', label: 'rule.doorCycleRatioClear', min: 0, max: 20, ratio: true},
  {key: 'inspectionWarningDays', label: 'rule.inspectionWarningDays', min: 0, max: 180},
  {key: 'rescueArrivalMinutes', label: 'rule.rescueArrivalMinutes', min: 1, max: 120},
];

/** The thresholds' inputs, each labelled, showing what applies beneath (`under`) as its placeholder. */
function inputs(prefix, own, under) {
  return RULES.map(r => `<label>${esc(t(r.label))} <input name="${r.key}" id="${prefix}-${r.key}" inputmode="${r.ratio ? 'decimal' : 'numeric'}"
      value="${esc(own && own[r.key] !== undefined ? own[r.key] : '')}" placeholder="${esc(under[r.key])}"
      aria-describedby="${prefix}-hint"></label>`).join('');
}

/**
 * The overrides a form holds (blank fields left out), or the first problem in words: a value that is not a
 * number of the right kind, below its least or above its most, or a clear level not below its raise level.
 */
export function overridesOf(form, under) {
  const settings = {};
  for (const r of RULES) {
    const text = form[r.key].value.trim();
    if (!text) continue;
    const pattern = r.ratio ? /^\d+(\.\d+)?$/ : /^\d+$/;
    const value = Number(text);
    if (!pattern.test(text)) return {problem: t(r.ratio ? 'rule.needNumber' : 'rule.needWhole', t(r.label)), field: r.key};
    if (r.ratio ? value <= r.min : value < r.min) return {problem: t(r.ratio ? 'rule.needPositive' : 'rule.tooSmall', t(r.label), r.min), field: r.key};
    if (r.max !== undefined && value > r.max) return {problem: t('rule.tooLarge', t(r.label), r.max), field: r.key};
    settings[r.key] = value;
  }
  const raise = settings.doorCycleRatioRaise ?? under.doorCycleRatioRaise;
  const clear = settings.doorCycleRatioClear ?? under.doorCycleRatioClear;
  if (clear >= raise) return {problem: t('rule.clearBelowRaise', clear, raise), field: 'doorCycleRatioClear'};
  if (!Object.keys(settings).length) return {problem: t('rule.nothing')};
  return {settings};
}

/** Every override in force is listed, a district's too (set through the API: PUT /rule-settings/district/{code}). */
const SCOPES = {district: 'rule.scopeDistrict', model: 'rule.scopeModel', lift: 'rule.scopeLift'};

/** Saves one scope's overrides, or says in words what is wrong with them and puts the cursor there; whether it saved. */
async function save(form, note, scope, target, under) {
  const {problem, field, settings} = overridesOf(form, under);
  if (problem) {
    say(note, problem, true);
    if (field) form[field].focus();
    return false;
  }
  try {
    await api(`/rule-settings/${scope}/${encodeURIComponent(target)}`, {method: 'PUT', body: {settings}});
    return true; // said by the caller once the page shows the saved values
  } catch (err) {
    say(note, t('state.error', err.message), true);
    return false;
  }
}

async function remove(note, scope, target) {
  try {
    await api(`/rule-settings/${scope}/${encodeURIComponent(target)}`, {method: 'DELETE'});
    return true;
  } catch (err) {
    say(note, t('state.error', err.message), true);
    return false;
  }
}

export async function rulesPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.rules'))}</h1><p class="hint" id="rule-hint">${esc(t('rule.hint'))}</p>
      <h2>${esc(t('rule.overrides'))}</h2><div id="rule-list"></div></section>
    <section><h2>${esc(t('rule.perModel'))}</h2>
      <form id="model-pick" class="inline" novalidate><label>${esc(t('rule.model'))} <input name="model" list="rule-models" required maxlength="100"></label>
      <datalist id="rule-models"></datalist><button>${esc(t('rule.open'))}</button>
      <p class="note" id="model-pick-note"></p></form>
      <div id="model-rules"></div></section>
    <section><h2>${esc(t('rule.perLift'))}</h2>
      <form id="lift-pick" class="inline" novalidate><label>${esc(t('device.lift'))} <input name="lift" required pattern="\\d{20}" inputmode="numeric" maxlength="20"></label>
      <button>${esc(t('rule.open'))}</button><p class="note" id="lift-pick-note"></p></form>
      <div id="lift-rules"></div></section>`;
  let defaults = {};
  let overrides = [];
  // This render's elements, taken before the first await: by then another page (or a language switch) may have
  // replaced the view, and looking them up in the document would find nothing.
  const list = view.querySelector('#rule-list');
  const models = view.querySelector('#rule-models');
  const modelPick = view.querySelector('#model-pick');
  const modelRules = view.querySelector('#model-rules');
  const liftPick = view.querySelector('#lift-pick');
  const liftRules = view.querySelector('#lift-rules');
  const drawList = async () => {
    await fill(list, async () => {
      ({defaults, items: overrides} = await api('/rule-settings'));
      return '<div id="rule-table"></div>';
    });
    models.innerHTML = overrides.filter(o => o.scope === 'model')
      .map(o => `<option value="${esc(o.target)}"></option>`).join('');
    const table = list.querySelector('#rule-table');
    if (!table) return;
    await pagedTable(table, {
      columns: ['rule.scope', 'rule.target', 'rule.values', 'rule.by', 'rule.at'], emptyKey: 'rule.none',
      load: localPages(overrides),
      row: o => `<tr data-scope="${esc(o.scope)}"><td>${esc(t(SCOPES[o.scope] || 'rule.scopeLift'))}</td><td>${esc(o.target)}</td>
        <td>${esc(Object.entries(o.settings).map(([k, v]) => `${t('rule.' + k)} = ${v}`).join('; '))}</td>
        <td>${esc(o.updatedBy)}</td><td>${esc(dateTime(o.updatedAt))}</td></tr>`,
    });
  };
  await drawList();

  const openModel = model => {
    const own = (overrides.find(o => o.scope === 'model' && o.target === model) || {}).settings;
    modelRules.innerHTML = `<h3>${esc(t('rule.forModel', model))}</h3><p class="hint" id="model-hint">${esc(t('rule.blankKeeps'))}</p>
      <form id="model-form" class="inline" novalidate>${inputs('model', own, defaults)}
      <div class="actions"><button class="primary">${esc(t('action.save'))}</button>
      ${own ? `<button type="button" id="model-remove">${esc(t('rule.remove'))}</button>` : ''}</div>
      <p class="note" id="model-note"></p></form>`;
    const form = document.getElementById('model-form');
    const note = document.getElementById('model-note');
    form.onsubmit = async e => {
      e.preventDefault();
      if (await save(form, note, 'model', model, defaults)) {
        await drawList();
        openModel(model);
        say(modelRules.querySelector('#model-note'), t('rule.saved', model));
      }
    };
    const removeButton = document.getElementById('model-remove');
    if (removeButton) removeButton.onclick = async () => {
      if (await remove(note, 'model', model)) {
        await drawList();
        openModel(model);
        say(modelRules.querySelector('#model-note'), t('rule.removed', model));
      }
    };
    form.querySelector('input').focus();
  };
  modelPick.onsubmit = e => {
    e.preventDefault();
    const model = modelPick.model.value.trim();
    say(document.getElementById('model-pick-note'), model ? '' : t('rule.needModel'), !model);
    if (model) openModel(model);
  };

  const openLift = async lift => {
    await fill(liftRules, async () => {
      const applies = await api(`/lifts/${lift}/rule-settings`);
      const under = {...defaults, ...(applies.districtSettings || {}), ...(applies.modelSettings || {})};
      const own = applies.liftSettings;
      return `<h3>${esc(t('rule.forLift', lift, applies.model ?? '—'))}</h3><p class="hint" id="lift-hint">${esc(t('rule.liftBlankKeeps'))}</p>
        <form id="lift-form" class="inline" novalidate>${inputs('lift', own, under)}
        <div class="actions"><button class="primary">${esc(t('action.save'))}</button>
        ${own ? `<button type="button" id="lift-remove">${esc(t('rule.remove'))}</button>` : ''}</div>
        <p class="note" id="lift-note"></p></form>
        <h4>${esc(t('rule.effective'))}</h4><table id="lift-effective"><tbody>${RULES.map(r => `<tr><th scope="row">${esc(t(r.label))}</th>
        <td>${esc(applies.effective[r.key])}</td></tr>`).join('')}</tbody></table>`;
    });
    const form = liftRules.querySelector('#lift-form');
    if (!form) return;
    const under = Object.fromEntries(RULES.map(r => [r.key, Number(form[r.key].placeholder)]));
    form.onsubmit = async e => {
      e.preventDefault();
      const note = liftRules.querySelector('#lift-note');
      if (await save(form, note, 'lift', lift, under)) {
        await drawList();
        await openLift(lift);
        say(liftRules.querySelector('#lift-note'), t('rule.saved', lift));
      }
    };
    const removeButton = liftRules.querySelector('#lift-remove');
    if (removeButton) removeButton.onclick = async () => {
      if (await remove(liftRules.querySelector('#lift-note'), 'lift', lift)) {
        await drawList();
        await openLift(lift);
        say(liftRules.querySelector('#lift-note'), t('rule.removed', lift));
      }
    };
  };
  liftPick.onsubmit = e => {
    e.preventDefault();
    const lift = liftPick.lift.value.trim();
    if (!/^\d{20}$/.test(lift)) {
      say(document.getElementById('lift-pick-note'), t('rule.needLift'), true);
      return;
    }
    say(document.getElementById('lift-pick-note'), '');
    openLift(lift);
  };
}
