// A property manager's pages: its stairwells, and one stairwell's households with their owner timelines (edited
// in property-timeline.js), schemes with a live preview (property-scheme.js), cost items, statements (preview,
// issue, print, CSV), the fund's ledger with each party's arrears and payments, and rides per household and month.
import {api, dateTime, empty, esc, fenOf, field, fill, money, newIdempotencyKey, pagedTable, say, shanghaiDay, t, values}
  from './core.js';
import {drawHouseholds} from './property-timeline.js';
import {drawSchemes, schemeEditor} from './property-scheme.js';

/** The page's sections, for the jump list at its top: [text key, section id]. */
const SECTIONS = [['household.title', 'households-section'], ['scheme.title', 'schemes-section'],
  ['cost.title', 'costs-section'], ['statement.title', 'statements-section'], ['fund.title', 'fund-section'],
  ['rides.title', 'rides-section']];
const ENTRY_KINDS = {charge: 'ledger.kind.charge', reversal: 'ledger.kind.reversal', payment: 'ledger.kind.payment',
  expense: 'ledger.kind.expense', income: 'ledger.kind.income'};
const COST_KINDS = ['maintenance', 'electricity', 'insurance', 'inspection', 'repairs', 'other', 'advertising', 'subsidy'];

async function stairwellsPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.stairwells'))}</h1><div id="stairwells"></div></section>`;
  await pagedTable(document.getElementById('stairwells'), {
    columns: ['stairwell.address', 'stairwell.community', 'stairwell.lift'], emptyKey: 'stairwell.none',
    load: async (limit, offset) => (await api(`/lifts?limit=${limit}&offset=${offset}`)).items,
    row: l => `<tr><td><a href="#/stairwell/${esc(l.stairwellId)}" data-stairwell="${esc(l.stairwellId)}">${esc(l.address)}</a></td>
      <td>${esc(l.community ?? '')}</td><td><a href="#/lift/${esc(l.id)}">${esc(l.id)}</a></td></tr>`,
  });
}

function firstOfMonth(day, monthsAhead) {
  const [y, m] = day.split('-').map(Number);
  const month = m - 1 + monthsAhead;
  return `${y + Math.floor(month / 12)}-${String((month % 12 + 12) % 12 + 1).padStart(2, '0')}-01`;
}

async function stairwellPage(view, id) {
  const today = shanghaiDay();
  const from = firstOfMonth(today, -1), to = firstOfMonth(today, 0);
  view.innerHTML = `<h1>${esc(t('stairwell.title', id))}</h1>
    <nav id="sections" class="sections" aria-label="${esc(t('stairwell.sections'))}">${SECTIONS.map(([key, target]) =>
      `<button type="button" class="plain" data-jump="${target}">${esc(t(key))}</button>`).join('')}</nav>
    <section id="households-section"><h2>${esc(t('household.title'))}</h2><div id="households"></div>
      <p class="note" id="households-note"></p></section>
    <section id="schemes-section"><h2>${esc(t('scheme.title'))}</h2><div id="schemes"></div>
      <form id="scheme-form" class="scheme-editor"></form></section>
    <section id="costs-section"><h2>${esc(t('cost.title'))}</h2><div id="costs"></div>
      <form id="cost-form" class="inline"><h3>${esc(t('cost.record'))}</h3>
        <label>${esc(t('cost.kind'))} <select name="kind">${COST_KINDS.map(k => `<option value="${k}">${esc(t('cost.kind.' + k))}</option>`).join('')}</select></label>
        ${field('cost.periodFrom', 'periodFrom', `type="date" required value="${from}"`)}
        ${field('cost.periodTo', 'periodTo', `type="date" required value="${to}"`)}
        ${field('cost.amount', 'amount', 'required inputmode="decimal" pattern="\\d{1,11}(\\.\\d{1,2})?"')}
        ${field('cost.note', 'note')}
        <button class="primary">${esc(t('action.save'))}</button><p class="note" id="cost-note"></p></form></section>
    <section id="statements-section"><h2>${esc(t('statement.title'))}</h2>
      <form id="preview-form" class="inline">
        ${field('statement.periodFrom', 'periodFrom', `type="date" required value="${from}"`)}
        ${field('statement.periodTo', 'periodTo', `type="date" required value="${to}"`)}
        <button>${esc(t('statement.preview'))}</button></form>
      <div id="preview"></div><div id="statements"></div></section>
    <section id="fund-section"><h2>${esc(t('fund.title'))}</h2><div id="fund"></div>
      <form id="payment-form" class="inline"><h3>${esc(t('fund.recordPayment'))}</h3>
        <label>${esc(t('fund.household'))} <select name="householdId" id="payment-household" required></select></label>
        ${field('fund.party', 'party', 'required')}
        ${field('fund.amount', 'amount', 'required inputmode="decimal" pattern="\\d{1,11}(\\.\\d{1,2})?"')}
        ${field('fund.onDate', 'onDate', `type="date" required max="${today}" value="${today}"`)}
        <button class="primary">${esc(t('action.save'))}</button><p class="note" id="payment-note"></p></form>
      <h3>${esc(t('ledger.title'))}</h3><div id="ledger"></div></section>
    <section id="rides-section"><h2>${esc(t('rides.title'))}</h2>
      <form id="rides-form" class="inline">${field('rides.month', 'month', `type="month" required value="${from.slice(0, 7)}"`)}
        <button>${esc(t('rides.show'))}</button></form><div id="rides"></div></section>`;
  document.getElementById('sections').onclick = e => {
    const target = e.target.dataset && e.target.dataset.jump;
    if (!target) return;
    const section = document.getElementById(target);
    section.scrollIntoView();
    section.querySelector('h2').setAttribute('tabindex', '-1');
    section.querySelector('h2').focus();
  };

  const households = await api(`/stairwells/${id}/households`).catch(() => ({items: []}));
  document.getElementById('payment-household').innerHTML = households.items.map(h =>
      `<option value="${esc(h.id)}">${esc(h.flat)}</option>`).join('');
  const period = () => values(document.getElementById('preview-form'));
  const drawSchemesAndEditor = async () => schemeEditor(id, households.items, await drawSchemes(id), period, to,
      drawSchemesAndEditor);
  await Promise.all([drawHouseholds(id, households), drawSchemesAndEditor(), drawCosts(id), drawStatements(id),
    drawFund(id, households), drawRides(id, from.slice(0, 7))]);
  document.getElementById('rides-form').onsubmit = e => {
    e.preventDefault();
    drawRides(id, values(e.target).month);
  };

  document.getElementById('cost-form').onsubmit = async e => {
    e.preventDefault();
    const v = values(e.target), note = document.getElementById('cost-note');
    const amountFen = fenOf(v.amount);
    if (amountFen === null) return say(note, t('form.badMoney'), true);
    try {
      await api(`/stairwells/${id}/costs`, {method: 'POST', body: {kind: v.kind, periodFrom: v.periodFrom, periodTo: v.periodTo,
        amountFen, ...(v.note ? {note: v.note} : {})}});
      say(note, t('cost.saved', money(amountFen)));
      e.target.amount.value = '';
      await drawCosts(id);
    } catch (err) {
      say(note, t('state.error', err.message), true, err.detail);
    }
  };
  document.getElementById('preview-form').onsubmit = e => {
    e.preventDefault();
    preview(id, values(e.target));
  };
  // One key per payment being entered: a retry after a lost reply answers the payment already booked; the key
  // is renewed once the payment is saved, or when the form's fields change (the same key with another body is refused).
  let paymentKey = newIdempotencyKey();
  document.getElementById('payment-form').oninput = () => { paymentKey = newIdempotencyKey(); };
  document.getElementById('payment-form').onsubmit = async e => {
    e.preventDefault();
    const v = values(e.target), note = document.getElementById('payment-note');
    const amountFen = fenOf(v.amount);
    if (amountFen === null || amountFen < 1) return say(note, t('form.badMoney'), true);
    try {
      await api(`/stairwells/${id}/fund`, {method: 'POST', idempotencyKey: paymentKey, body: {kind: 'payment',
        householdId: v.householdId, party: v.party, amountFen, onDate: v.onDate}});
      paymentKey = newIdempotencyKey();
      say(note, t('fund.paymentSaved', money(amountFen), v.party));
      e.target.amount.value = '';
      await drawFund(id, households);
    } catch (err) {
      say(note, t('state.error', err.message), true, err.detail);
    }
  };
  document.getElementById('fund').onclick = e => {
    const {party, household} = e.target.dataset;
    if (!party) return;
    const form = document.getElementById('payment-form');
    form.householdId.value = household;
    form.party.value = party;
    paymentKey = newIdempotencyKey();
    form.amount.focus();
  };
}

async function drawCosts(id) {
  await fill(document.getElementById('costs'), async () => {
    const items = (await api(`/stairwells/${id}/costs?from=2000-01-01&to=2099-12-31`)).items;
    if (!items.length) return empty('cost.none');
    return `<table id="cost-table"><thead><tr>${['cost.kind', 'cost.periodFrom', 'cost.periodTo', 'cost.amount', 'cost.note',
      'party.actions'].map(k => `<th scope="col">${esc(t(k))}</th>`).join('')}</tr></thead><tbody>${items.map(c => `<tr data-cost="${c.id}">
      <td>${esc(t('cost.kind.' + c.kind))}</td><td>${esc(c.periodFrom)}</td><td>${esc(c.periodTo)}</td>
      <td class="money">${c.amountFen !== null && c.amountFen !== undefined ? esc(money(c.amountFen)) : esc(t('cost.perKwh', c.tariffFenPerKwh))}</td>
      <td>${esc(c.note ?? '')}</td><td><button type="button" data-remove-cost="${c.id}">${esc(t('cost.remove'))}</button></td></tr>`)
      .join('')}</tbody></table>`;
  });
  // A mistaken item is removed in two steps, so one stray click or Enter removes nothing.
  document.getElementById('costs').onclick = async e => {
    const cost = e.target.dataset && e.target.dataset.removeCost;
    if (!cost) return;
    if (!e.target.dataset.confirming) {
      e.target.dataset.confirming = 'yes';
      e.target.textContent = t('cost.removeConfirm');
      return;
    }
    try {
      await api(`/costs/${cost}`, {method: 'DELETE'});
      say(document.getElementById('cost-note'), t('cost.removed'));
      await drawCosts(id);
    } catch (err) {
      say(document.getElementById('cost-note'), t('state.error', err.message), true, err.detail);
    }
  };
}

function linesTable(statement, statementId) {
  return `<table class="lines"><thead><tr>${['household.flat', 'statement.party', 'statement.days', 'statement.share']
    .map(k => `<th scope="col">${esc(t(k))}</th>`).join('')}${statementId ? `<th scope="col">${esc(t('statement.print'))}</th>` : ''}</tr></thead>
    <tbody>${statement.lines.map(l => `<tr><td>${esc(l.flat)}</td><td>${esc(l.party ?? '—')}</td><td>${l.days}</td>
      <td class="money">${esc(money(l.fen))}</td>${statementId ? `<td><a target="_blank" rel="noopener" data-print="${esc(l.householdId)}"
      href="/api/v1/statements/${statementId}/households/${encodeURIComponent(l.householdId)}/print">${esc(t('statement.printPage'))}</a></td>` : ''}</tr>`).join('')}
    </tbody><tfoot><tr><th scope="row" colspan="3">${esc(t('statement.total'))}</th><td class="money" id="pool">${esc(money(statement.chargedFen))}</td></tr></tfoot></table>`;
}

async function preview(id, period) {
  const target = document.getElementById('preview');
  await fill(target, async () => {
    const statement = await api(`/stairwells/${id}/statements/preview?from=${period.periodFrom}&to=${period.periodTo}`);
    return `<h3>${esc(t('statement.previewOf', period.periodFrom, period.periodTo))}</h3>${linesTable(statement)}
      <button type="button" class="primary" id="issue">${esc(t('statement.issue'))}</button><p class="note" id="issue-note"></p>`;
  });
  const issue = document.getElementById('issue');
  if (!issue) return;
  issue.onclick = async () => {
    try {
      const issued = await api(`/stairwells/${id}/statements`, {method: 'POST', body: period});
      target.innerHTML = `<p class="note ok" role="status">${esc(t('statement.issued', issued.id, money(issued.chargedFen)))}</p>`;
      await Promise.all([drawStatements(id), drawFund(id)]);
    } catch (err) {
      say(document.getElementById('issue-note'), t('state.error', err.message), true, err.detail);
    }
  };
}

async function drawStatements(id) {
  await fill(document.getElementById('statements'), async () => {
    const items = (await api(`/stairwells/${id}/statements`)).items;
    if (!items.length) return empty('statement.none');
    const newest = await api(`/statements/${items[0].id}`);
    return `<h3>${esc(t('statement.issuedList'))}</h3><ul>${items.map(s => `<li>${esc(t('statement.row', s.id, s.periodFrom, s.periodTo,
      s.version, dateTime(s.issuedAt)))} <a href="/api/v1/statements/${s.id}/csv">${esc(t('statement.csv'))}</a></li>`).join('')}</ul>
      <h3>${esc(t('statement.newest', newest.id))}</h3>${linesTable(newest, newest.id)}`;
  });
}

let flats = {};

async function drawFund(id, households) {
  if (households) flats = Object.fromEntries(households.items.map(h => [h.id, h.flat]));
  let entries = [];
  await fill(document.getElementById('fund'), async () => {
    const [fund, arrears, statements] = await Promise.all([api(`/stairwells/${id}/fund`), api(`/stairwells/${id}/arrears`),
      api(`/stairwells/${id}/statements`)]);
    const periods = Object.fromEntries(statements.items.map(s => [s.id, s]));
    entries = fund.entries.slice().reverse().map(e => ({...e, shown: ledgerNote(e, periods)}));
    return `<p>${esc(t('fund.balance'))} <b id="fund-balance">${esc(money(fund.balanceFen))}</b> · ${esc(t('fund.owed'))}
      <b id="fund-owed">${esc(money(arrears.owedFen))}</b></p>${arrears.parties.length ? `<table id="arrears"><thead><tr>${['household.flat',
      'fund.party', 'fund.charged', 'fund.paid', 'fund.owes', 'alarm.actions'].map(k => `<th scope="col">${esc(t(k))}</th>`).join('')}</tr></thead>
      <tbody>${arrears.parties.map(p => `<tr><td>${esc(p.flat)}</td><td>${esc(p.party)}</td><td class="money">${esc(money(p.chargedFen))}</td>
      <td class="money">${esc(money(p.paidFen))}</td><td class="money">${esc(money(p.owedFen))}</td>
      <td><button type="button" data-party="${esc(p.party)}" data-household="${esc(p.householdId)}">${esc(t('fund.pay'))}</button></td></tr>`).join('')}
      </tbody></table>` : empty('fund.noArrears')}`;
  });
  // The book newest first, a page at a time: every charge, reversal, payment, expense and income with the balance after it.
  // A payment, expense or income not yet reversed can be undone by a reversal that names it, with the reason.
  const reversed = new Set(entries.filter(e => e.reverses).map(e => e.reverses));
  const reversible = e => ['payment', 'expense', 'income'].includes(e.kind) && !reversed.has(e.id);
  const ledger = document.getElementById('ledger');
  if (ledger) {
    ledger.onclick = async click => {
      const entry = click.target.dataset.reverse;
      if (!entry) return;
      const reason = window.prompt(t('ledger.reverseReason'));
      if (!reason || !reason.trim()) return;
      try {
        await api(`/stairwells/${id}/fund`, {method: 'POST', body: {kind: 'reversal', reverses: Number(entry), reason: reason.trim()}});
        await drawFund(id);
      } catch (err) {
        click.target.insertAdjacentHTML('afterend', ` <span class="note error" role="alert">${esc(t('state.error', err.message))}</span>`);
      }
    };
  }
  await pagedTable(ledger, {pageSize: 20, emptyKey: 'ledger.none',
    columns: ['ledger.onDate', 'ledger.kind', 'household.flat', 'fund.party', 'ledger.amount', 'ledger.balance', 'cost.note',
      'alarm.actions'],
    load: async (limit, offset) => entries.slice(offset, offset + limit),
    row: e => `<tr class="entry ${esc(e.kind)}"><td>${esc(e.onDate)}</td><td>${esc(t(ENTRY_KINDS[e.kind] || e.kind))}</td>
      <td>${esc(e.householdId ? flats[e.householdId] ?? e.householdId : '—')}</td><td>${esc(e.party ?? '—')}</td>
      <td class="money">${esc(money(e.amountFen))}</td><td class="money">${esc(money(e.balanceFen))}</td><td title="${esc(e.note ?? '')}">${esc(e.shown)}</td>
      <td>${reversible(e) ? `<button type="button" data-reverse="${esc(e.id)}">${esc(t('ledger.reverse'))}</button>` : ''}</td></tr>`});
}

/** A statement's entries in the page's language (the book keeps an English note); a person's own note as written. */
function ledgerNote(e, statements) {
  const statement = statements[e.statementId];
  if (e.kind === 'charge' && statement) return t('ledger.note.charge', statement.periodFrom, statement.periodTo);
  if (e.kind === 'reversal' && e.reverses) {
    // A correction's reversal is worded here; a person's reversal also shows the reason they gave.
    return e.statementId || !e.note ? t('ledger.note.reversal', e.reverses) : `${t('ledger.note.reversal', e.reverses)} · ${e.note}`;
  }
  return e.note ?? '';
}

/** Next month's first day of a YYYY-MM month. */
function monthAfter(month) {
  return firstOfMonth(`${month}-01`, 1);
}

/** Rides per household for a month, with every run accounted for: with rides, invalid cards only, no card at all. */
async function drawRides(id, month) {
  await fill(document.getElementById('rides'), async () => {
    if (!/^\d{4}-\d{2}$/.test(month)) return `<p class="note error" role="alert">${esc(t('rides.badMonth'))}</p>`;
    const r = await api(`/stairwells/${id}/rides?from=${month}-01&to=${monthAfter(month)}`);
    const cards = [['rides.runs', r.runs], ['rides.withRides', r.runsWithRides], ['rides.invalidOnly', r.runsWithInvalidCardsOnly],
      ['rides.unattributed', r.unattributedRuns], ['rides.expired', r.expiredCardRides], ['rides.unknown', r.unknownCardRides]];
    return `<h3>${esc(t('rides.of', month))}</h3><dl class="cards" id="ride-totals">${cards.map(([k, v]) =>
      `<div data-total="${k.slice(6)}"><dt>${esc(t(k))}</dt><dd>${esc(v ?? 0)}</dd></div>`).join('')}</dl>
      <p class="hint">${esc(t('rides.accounted'))}</p>
      ${r.households.length ? `<table id="ride-table"><thead><tr>${['household.flat', 'household.floor', 'rides.rides']
        .map(k => `<th scope="col">${esc(t(k))}</th>`).join('')}</tr></thead><tbody>${r.households.map(h =>
        `<tr data-household="${esc(h.householdId)}"><td>${esc(h.flat)}</td><td>${esc(h.floor)}</td><td class="money">${esc(h.rides)}</td></tr>`)
        .join('')}</tbody></table>` : empty('household.none')}`;
  });
}

export const propertyPages = {stairwells: stairwellsPage, stairwell: stairwellPage};
