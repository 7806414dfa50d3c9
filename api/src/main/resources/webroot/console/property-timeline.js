// Households and who answers for each flat over time. A timeline is edited whole: the form proposes each next
// party's start as the previous end, states the no-gap rule, and names a gap or overlap as it is typed; it
// refuses to save one (the API would answer 422, and says the same in its own words).
import {api, empty, esc, fill, say, shanghaiDay, t} from './core.js';

/**
 * What is wrong with a timeline, in words, or null: every period named and started, none ending before it
 * begins, each ending the day the next begins, only the last open-ended (as the API's Responsibility checks).
 */
export function timelineProblem(rows) {
  if (!rows.length) return t('party.problem.none');
  for (const [i, r] of rows.entries()) {
    if (!r.party) return t('party.problem.noName', i + 1);
    if (!r.validFrom) return t('party.problem.noStart', r.party);
    if (r.validTo && r.validTo <= r.validFrom) return t('party.problem.endsBeforeStart', r.party, r.validTo, r.validFrom);
  }
  const sorted = [...rows].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  for (let i = 0; i + 1 < sorted.length; i++) {
    const now = sorted[i], next = sorted[i + 1];
    if (!now.validTo) return t('party.problem.openBeforeLast', now.party, next.party);
    if (now.validTo < next.validFrom) return t('party.problem.gap', now.validTo, next.validFrom, now.party, next.party);
    if (now.validTo > next.validFrom) return t('party.problem.overlap', next.validFrom, now.validTo, now.party, next.party);
  }
  return null;
}

export async function drawHouseholds(id, households) {
  const target = document.getElementById('households');
  await fill(target, async () => {
    if (!households.items.length) return empty('household.none');
    const timelines = await Promise.all(households.items.map(h => api(`/households/${encodeURIComponent(h.id)}/parties`)
        .then(r => r.parties).catch(() => [])));
    return `<p class="hint">${esc(t('household.noGapRule'))}</p><table><thead><tr><th scope="col">${esc(t('household.flat'))}</th>
      <th scope="col">${esc(t('household.floor'))}</th><th scope="col">${esc(t('household.timeline'))}</th>
      <th scope="col">${esc(t('party.actions'))}</th></tr></thead><tbody>
      ${households.items.map((h, i) => `<tr data-household="${esc(h.id)}"><td>${esc(h.flat)}</td><td>${esc(h.floor)}</td><td>${timelines[i].length
        ? `<ol class="timeline">${timelines[i].map(p => `<li>${esc(p.party)}: ${esc(p.validFrom)} – ${esc(p.validTo ?? t('household.open'))}</li>`).join('')}</ol>`
        : esc(t('household.noParties'))}</td>
        <td><button type="button" data-edit="${esc(h.id)}" aria-label="${esc(t('party.editFlat', h.flat))}">${esc(t('party.edit'))}</button></td></tr>`).join('')}
      </tbody></table><form id="party-form" class="timeline-editor" hidden></form>`;
  });
  target.onclick = e => {
    const household = e.target.dataset && e.target.dataset.edit;
    if (household) edit(id, households, households.items.find(h => h.id === household));
  };
}

function rowHtml(p, i) {
  return `<fieldset class="party-row" data-row="${i}"><legend>${esc(t('party.period', i + 1))}</legend>
    <label>${esc(t('party.name'))} <input name="party" required value="${esc(p.party ?? '')}"></label>
    <label>${esc(t('party.contact'))} <input name="contact" value="${esc(p.contact ?? '')}"></label>
    <label>${esc(t('party.from'))} <input type="date" name="validFrom" required value="${esc(p.validFrom ?? '')}"></label>
    <label>${esc(t('party.to'))} <input type="date" name="validTo" value="${esc(p.validTo ?? '')}"></label>
    <button type="button" data-remove="${i}" aria-label="${esc(t('party.removeRow', i + 1))}">${esc(t('party.remove'))}</button></fieldset>`;
}

async function edit(id, households, household) {
  const form = document.getElementById('party-form');
  const parties = (await api(`/households/${encodeURIComponent(household.id)}/parties`)).parties;
  let rows = parties.map(p => ({party: p.party, contact: p.contact, validFrom: p.validFrom, validTo: p.validTo}));

  const read = () => [...form.querySelectorAll('.party-row')].map(f => ({party: f.querySelector('[name=party]').value.trim(),
    contact: f.querySelector('[name=contact]').value.trim(), validFrom: f.querySelector('[name=validFrom]').value,
    validTo: f.querySelector('[name=validTo]').value}));
  const check = () => {
    const problem = timelineProblem(read());
    const note = document.getElementById('party-check');
    if (problem) say(note, problem, true); else say(note, t('party.joinsUp'));
    return problem;
  };
  const draw = () => {
    form.innerHTML = `<h3>${esc(t('party.editTitle', household.flat))}</h3>
      <p class="hint" id="party-rule">${esc(t('household.noGapRule'))} ${esc(t('party.ruleHow'))}</p>
      <div id="party-rows">${rows.map(rowHtml).join('')}</div>
      <div class="actions"><button type="button" id="party-add">${esc(t('party.addNext'))}</button>
      <button class="primary">${esc(t('action.save'))}</button><button type="button" id="party-cancel">${esc(t('action.cancel'))}</button></div>
      <p class="note" id="party-check"></p><p class="note" id="party-note"></p>`;
    check();
  };
  draw();
  form.hidden = false;
  form.scrollIntoView({block: 'nearest'});
  form.querySelector('input, button').focus();

  form.oninput = check;
  form.onclick = e => {
    if (e.target.id === 'party-add') {
      // The next party begins the day the previous one ends; an open-ended previous one ends today.
      rows = read();
      const last = rows[rows.length - 1];
      const start = last ? last.validTo || shanghaiDay() : shanghaiDay();
      if (last && !last.validTo) last.validTo = start;
      rows.push({party: '', contact: '', validFrom: start, validTo: ''});
      draw();
      form.querySelectorAll('.party-row [name=party]')[rows.length - 1].focus();
    } else if (e.target.dataset.remove !== undefined) {
      rows = read();
      rows.splice(Number(e.target.dataset.remove), 1);
      draw();
    } else if (e.target.id === 'party-cancel') {
      form.hidden = true;
    }
  };
  form.onsubmit = async e => {
    e.preventDefault();
    const note = document.getElementById('party-note');
    if (check()) return say(note, t('party.notSaved'), true);
    const timeline = read().map(r => ({party: r.party, validFrom: r.validFrom, ...(r.contact ? {contact: r.contact} : {}),
      ...(r.validTo ? {validTo: r.validTo} : {})}));
    try {
      await api(`/households/${encodeURIComponent(household.id)}/parties`, {method: 'PUT', body: {parties: timeline}});
      await drawHouseholds(id, households);
      say(document.getElementById('households-note'), t('party.saved', household.flat));
    } catch (err) {
      say(note, t('state.error', err.message), true, err.detail);
    }
  };
}
