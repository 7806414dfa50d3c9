// A stairwell's cost-sharing schemes: the ones agreed, and an editor whose every change previews each household's
// share over the same costs and rides (POST …/statements/preview, nothing written) before the scheme is recorded.
import {api, empty, esc, fill, money, say, t} from './core.js';

/** The kinds of scheme the editor writes; a hybrid's fixed part is by floor coefficient, as most stairwells agree. */
const TYPES = {equal: 'scheme.type.equal', floorCoefficient: 'scheme.type.floorCoefficient',
  fixedPercent: 'scheme.type.fixedPercent', residents: 'scheme.type.residents', rides: 'scheme.type.rides',
  hybrid: 'scheme.type.hybrid', pricePerRide: 'scheme.type.pricePerRide'};
const EDITABLE = ['equal', 'floorCoefficient', 'fixedPercent', 'residents', 'rides', 'hybrid'];
const NUMBER = /^\d{1,6}(\.\d{1,6})?$/;
/** The units a statement line's weight comes in (CostSharing.unit), in the page's language. */
const UNITS = {'share': 'scheme.unit.share', 'coefficient': 'scheme.unit.coefficient',
  'coefficient × m²': 'scheme.unit.coefficientArea', 'percent': 'scheme.unit.percent', 'residents': 'scheme.unit.residents',
  'rides': 'scheme.unit.rides', 'fen per ride': 'scheme.unit.fenPerRide'};
const HYBRID_UNIT = / \(fixed part\) and rides$/;

function unitText(unit) {
  if (HYBRID_UNIT.test(unit)) return t('scheme.unit.hybrid', unitText(unit.replace(HYBRID_UNIT, '')));
  return UNITS[unit] ? t(UNITS[unit]) : unit;
}

const parsed = value => typeof value === 'string' ? JSON.parse(value) : value;

/** A scheme in words: its type, and its weights where it has any. */
function describe(scheme) {
  const type = t(TYPES[scheme.type] || scheme.type);
  const weights = scheme.coefficients || scheme.percentByHousehold || scheme.fenPerRideByFloor;
  const part = scheme.type === 'hybrid' ? t('scheme.hybridOf', Math.round(Number(scheme.fixedFraction) * 100),
    describe(scheme.fixedPart)) : '';
  return [type, part, weights ? Object.entries(weights).map(([k, v]) => `${k}: ${v}`).join(', ') : '',
    scheme.timesArea ? t('scheme.timesArea') : ''].filter(Boolean).join(' · ');
}

export async function drawSchemes(id) {
  const target = document.getElementById('schemes');
  let items = [];
  await fill(target, async () => {
    items = (await api(`/stairwells/${id}/schemes`)).items;
    if (!items.length) return empty('scheme.none');
    return `<table id="scheme-table"><thead><tr>${['scheme.effectiveFrom', 'scheme.kind', 'scheme.exempt', 'cost.note']
      .map(k => `<th scope="col">${esc(t(k))}</th>`).join('')}</tr></thead><tbody>${items.map(s => `<tr>
      <td>${esc(s.effectiveFrom)}</td><td>${esc(describe(parsed(s.scheme)))}</td>
      <td>${esc((parsed(s.exemptHouseholds) || []).join(', ') || '—')}</td><td>${esc(s.note ?? '')}</td></tr>`).join('')}</tbody></table>`;
  });
  return items;
}

/**
 * The editor, prefilled with the newest scheme: weights per floor or per household, exempt flats, and beside
 * them each household's share for the statement period now and as edited.
 */
export function schemeEditor(id, households, recorded, period, defaultFrom, onSaved) {
  const form = document.getElementById('scheme-form');
  const newest = recorded.length ? parsed(recorded[recorded.length - 1].scheme) : {type: 'equal'};
  const exempt = new Set(recorded.length ? parsed(recorded[recorded.length - 1].exemptHouseholds) || [] : []);
  const start = EDITABLE.includes(newest.type) ? newest : {type: 'equal'};
  const weighted = start.type === 'hybrid' ? start.fixedPart || {} : start;
  const floors = [...new Set(households.map(h => h.floor))];
  form.innerHTML = `<h3>${esc(t('scheme.edit'))}</h3>
    <p class="hint">${esc(t('scheme.editHint'))}</p>
    <div class="inline">
      <label>${esc(t('scheme.kind'))} <select name="type">${EDITABLE.map(k => `<option value="${k}" ${k === start.type ? 'selected' : ''}>
        ${esc(t(TYPES[k]))}</option>`).join('')}</select></label>
      <label data-for="hybrid">${esc(t('scheme.fixedPercent'))} <input name="fixedPercent" inputmode="decimal" required
        value="${esc(start.type === 'hybrid' ? Math.round(Number(start.fixedFraction) * 100) : 40)}"></label>
      <label data-for="floorCoefficient hybrid" class="check"><input type="checkbox" name="timesArea" ${weighted.timesArea ? 'checked' : ''}>
        ${esc(t('scheme.timesArea'))}</label>
      <label>${esc(t('scheme.effectiveFrom'))} <input type="date" name="effectiveFrom" required value="${esc(defaultFrom)}"></label>
      <label>${esc(t('cost.note'))} <input name="note"></label>
    </div>
    <fieldset data-for="floorCoefficient hybrid"><legend>${esc(t('scheme.coefficients'))}</legend>
      ${floors.map(f => `<label>${esc(t('scheme.floor', f))} <input name="coef" data-key="${esc(f)}" inputmode="decimal"
        value="${esc((weighted.coefficients || {})[f] ?? 1)}"></label>`).join('')}</fieldset>
    <fieldset data-for="fixedPercent"><legend>${esc(t('scheme.percents'))}</legend>
      ${households.map(h => `<label>${esc(h.flat)} <input name="pct" data-key="${esc(h.id)}" inputmode="decimal"
        value="${esc((start.percentByHousehold || {})[h.id] ?? '')}"></label>`).join('')}</fieldset>
    <fieldset><legend>${esc(t('scheme.exempt'))}</legend>
      ${households.map(h => `<label class="check"><input type="checkbox" name="exempt" value="${esc(h.id)}" ${exempt.has(h.id) ? 'checked' : ''}>
        ${esc(h.flat)}</label>`).join('')}</fieldset>
    <div id="scheme-preview" aria-live="polite"></div>
    <button class="primary">${esc(t('scheme.save'))}</button><p class="note" id="scheme-note"></p>`;

  let asked = 0;
  let timer = null;
  const current = {};

  function showFields() {
    const type = form.type.value;
    form.querySelectorAll('[data-for]').forEach(el => {
      el.hidden = !el.dataset.for.split(' ').includes(type);
    });
  }

  /** The edited scheme as the API takes it, or the problem in words. */
  function edited() {
    const type = form.type.value;
    const weights = name => {
      const out = {};
      for (const input of form.querySelectorAll(`input[name="${name}"]`)) {
        const v = input.value.trim();
        if (v === '') continue;
        if (!NUMBER.test(v)) return {problem: t('scheme.badNumber', input.closest('label').textContent.trim(), v)};
        out[input.dataset.key] = Number(v);
      }
      return {out};
    };
    let scheme;
    if (type === 'floorCoefficient' || type === 'hybrid') {
      const c = weights('coef');
      if (c.problem) return c;
      scheme = {type: 'floorCoefficient', coefficients: c.out, timesArea: form.timesArea.checked};
      if (type === 'hybrid') {
        const p = form.fixedPercent.value.trim();
        if (!NUMBER.test(p) || Number(p) > 100) return {problem: t('scheme.badFixedPercent', p)};
        scheme = {type: 'hybrid', fixedFraction: Number(p) / 100, fixedPart: scheme};
      }
    } else if (type === 'fixedPercent') {
      const p = weights('pct');
      if (p.problem) return p;
      scheme = {type, percentByHousehold: p.out};
    } else {
      scheme = {type};
    }
    const exemptHouseholds = [...form.querySelectorAll('input[name="exempt"]:checked')].map(i => i.value);
    return {scheme, exemptHouseholds};
  }

  async function preview() {
    const target = document.getElementById('scheme-preview');
    const proposal = edited();
    const {periodFrom, periodTo} = period();
    if (proposal.problem) {
      target.innerHTML = `<p class="note error" role="alert">${esc(proposal.problem)}</p>`;
      return;
    }
    const mine = ++asked;
    try {
      const key = periodFrom + periodTo;
      // Shares now only where a scheme was recorded for the period: without one the API has none to give (422).
      if (!(key in current) && !recorded.some(r => r.effectiveFrom < periodTo)) current[key] = null;
      if (!(key in current)) {
        current[key] = await api(`/stairwells/${id}/statements/preview?from=${periodFrom}&to=${periodTo}`)
            .then(s => Object.fromEntries(s.lines.map(l => [l.householdId + '\u0000' + (l.party ?? ''), l.fen])))
            .catch(() => null);
      }
      const statement = await api(`/stairwells/${id}/statements/preview`, {method: 'POST',
        body: {periodFrom, periodTo, ...proposal}});
      if (mine !== asked) return;
      const now = current[key];
      target.innerHTML = `<h4>${esc(t('scheme.previewOf', periodFrom, periodTo, money(statement.poolFen)))}</h4>
        <table class="lines" id="scheme-lines"><thead><tr>${['household.flat', 'statement.party', 'scheme.weight',
          'scheme.shareNow', 'scheme.shareEdited', 'scheme.change'].map(k => `<th scope="col">${esc(t(k))}</th>`).join('')}</tr></thead>
        <tbody>${statement.lines.map(l => {
          const before = now ? now[l.householdId + '\u0000' + (l.party ?? '')] : undefined;
          return `<tr data-household="${esc(l.householdId)}"><td>${esc(l.flat)}</td><td>${esc(l.party ?? '—')}</td>
            <td>${l.exempt ? esc(t('scheme.exemptShort')) : esc(`${l.weight} ${unitText(l.weightUnit)}`)}</td>
            <td class="money">${before === undefined ? '—' : esc(money(before))}</td><td class="money share">${esc(money(l.fen))}</td>
            <td class="money">${before === undefined ? '—' : esc(money(l.fen - before))}</td></tr>`;
        }).join('')}</tbody></table>`;
    } catch (err) {
      if (mine === asked) target.innerHTML = `<p class="note error" role="alert">${esc(t('scheme.wouldRefuse', err.message))}</p>`;
    }
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(preview, 250);
  }

  form.oninput = later;
  form.onchange = () => {
    showFields();
    later();
  };
  form.onsubmit = async e => {
    e.preventDefault();
    const note = document.getElementById('scheme-note');
    const proposal = edited();
    if (proposal.problem) return say(note, proposal.problem, true);
    const from = form.effectiveFrom.value;
    try {
      await api(`/stairwells/${id}/schemes/${from}`, {method: 'PUT', body: {...proposal,
        ...(form.note.value.trim() ? {note: form.note.value.trim()} : {})}});
      // The list and the editor are drawn again from what is now recorded; the outcome is said in the new form.
      await onSaved();
      say(document.getElementById('scheme-note'), t('scheme.saved', from));
    } catch (err) {
      say(note, t('state.error', err.message), true, err.detail);
    }
  };
  showFields();
  // No scheme agreed yet: nothing to compare with, and the households may not all have a party yet, so the
  // preview waits for the first edit instead of asking for shares the API may have to refuse.
  if (!recorded.length) {
    document.getElementById('scheme-preview').innerHTML = `<p class="note">${esc(t('scheme.previewAfterEdit'))}</p>`;
    return;
  }
  return preview();
}
