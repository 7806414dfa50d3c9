// An administrator's pages: accounts with their roles and reach, and the registry's import (every bad row
// shown before anything is written) and export. Device credentials and rule settings have their own files.
import {api, ask, csrfToken, dateTime, empty, esc, field, fill, pagedTable, say, session, t, values} from './core.js';
import {devicesPage} from './admin-devices.js';
import {rulesPage} from './admin-rules.js';

const ROLES = ['admin', 'maintenance', 'property', 'bureau', 'city'];
/** What each role's reach is: an organisation of a kind, a district, or everything. */
const REACH = {maintenance: 'organisation', property: 'organisation', bureau: 'region', admin: null, city: null};

/** A list already in the page, shown one page at a time like the lists the API pages. */
const localPages = items => (limit, offset) => Promise.resolve(items.slice(offset, offset + limit));

async function accountsPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.accounts'))}</h1><div id="accounts"></div></section>
    <section><form id="account-form" class="inline" novalidate><h2>${esc(t('account.create'))}</h2>
      ${field('account.id', 'id', 'required maxlength="200" autocomplete="off"')}${field('account.name', 'name', 'maxlength="200"')}
      <label>${esc(t('account.role'))} <select name="role">${ROLES.map(r => `<option value="${r}">${esc(t('role.' + r))}</option>`).join('')}</select></label>
      <label>${esc(t('account.organisation'))} <select name="organisationId" id="account-organisation"></select></label>
      ${field('account.region', 'region', 'inputmode="numeric" maxlength="6"')}
      ${field('account.password', 'password', 'type="password" autocomplete="new-password"')}
      <p class="hint" id="account-reach"></p>
      <button class="primary">${esc(t('action.save'))}</button><p class="note" id="account-note"></p></form></section>
    <section><form id="password-form" class="inline" novalidate><h2>${esc(t('account.setPassword'))}</h2>
      <label>${esc(t('account.id'))} <select name="account" id="password-account"></select></label>
      ${field('account.newPassword', 'password', 'type="password" autocomplete="new-password" id="new-password"')}
      <button class="primary">${esc(t('account.setPassword'))}</button><p class="note" id="password-note"></p></form></section>`;
  const form = document.getElementById('account-form');
  const passwordForm = document.getElementById('password-form');
  const note = document.getElementById('account-note');
  let organisations = [];
  let accounts = [];
  const showReach = () => {
    const reach = REACH[form.role.value];
    const kind = form.role.value;
    form.organisationId.innerHTML = `<option value="">${esc(t('account.noOrganisation'))}</option>` + organisations
      .filter(o => reach === 'organisation' && o.kind === kind).map(o => `<option value="${esc(o.id)}">${esc(o.name)} (${esc(o.id)})</option>`).join('');
    form.organisationId.disabled = reach !== 'organisation';
    form.region.disabled = reach !== 'region';
    document.getElementById('account-reach').textContent = t(reach === 'organisation' ? 'account.reachOrganisation'
      : reach === 'region' ? 'account.reachRegion' : 'account.reachAll');
  };
  form.role.onchange = showReach;
  const draw = async () => {
    await fill(document.getElementById('accounts'), async () => {
      accounts = (await api('/accounts')).items;
      return '<div id="account-list"></div>';
    });
    document.getElementById('password-account').innerHTML = accounts.map(a => `<option value="${esc(a.id)}">${esc(a.id)}</option>`).join('');
    const list = document.getElementById('account-list');
    if (!list) return;
    await pagedTable(list, {
      columns: ['account.id', 'account.name', 'account.role', 'account.reach', 'account.created', 'account.state', 'alarm.actions'],
      load: localPages(accounts), emptyKey: 'account.none',
      row: a => `<tr data-account="${esc(a.id)}"><td>${esc(a.id)}</td><td>${esc(a.name)}</td><td>${esc(t('role.' + a.role))}</td>
        <td>${esc(a.organisationId ?? a.region ?? t('account.reachAllShort'))}</td><td>${esc(dateTime(a.createdAt))}</td>
        <td>${esc(t(a.disabledAt ? 'account.disabled' : 'account.active'))}</td>
        <td class="actions"><button type="button" data-do="${a.disabledAt ? 'enable' : 'disable'}" data-id="${esc(a.id)}">${esc(t(a.disabledAt
          ? 'account.enable' : 'account.disable'))}</button>
          <button type="button" data-do="password" data-id="${esc(a.id)}">${esc(t('account.setPassword'))}</button></td></tr>`,
    });
  };
  document.getElementById('accounts').addEventListener('click', async e => {
    const button = e.target.closest('button[data-do]');
    if (!button) return;
    const id = button.dataset.id;
    if (button.dataset.do === 'password') {
      passwordForm.account.value = id;
      document.getElementById('new-password').focus();
      return;
    }
    if (id === session.me.account && button.dataset.do === 'disable') {
      say(note, t('account.notYourself'), true);
      return;
    }
    if (!await ask(button.dataset.do === 'disable' ? 'account.disableTitle' : 'account.enableTitle',
        [{name: 'account', label: 'account.id', value: id}])) return;
    try {
      await api(`/accounts/${encodeURIComponent(id)}/${button.dataset.do}`, {method: 'POST'});
      say(note, t(button.dataset.do === 'disable' ? 'account.wasDisabled' : 'account.wasEnabled', id));
      await draw();
    } catch (err) {
      say(note, t('state.error', err.message), true);
    }
  });
  form.onsubmit = async e => {
    e.preventDefault();
    const v = Object.fromEntries(Object.entries(values(form)).filter(([, x]) => x));
    const reach = REACH[v.role];
    const problem = !v.id ? 'account.needId'
      : reach === 'organisation' && !v.organisationId ? 'account.needOrganisation'
        : reach === 'region' && !/^\d{6}$/.test(v.region || '') ? 'account.needRegion'
          : v.password && v.password.length < 12 ? 'account.shortPassword' : null;
    if (problem) {
      say(note, t(problem), true);
      return;
    }
    if (reach !== 'organisation') delete v.organisationId;
    if (reach !== 'region') delete v.region;
    try {
      await api('/accounts', {method: 'POST', body: v});
      say(note, t('account.created', v.id));
      form.reset();
      showReach();
      await draw();
    } catch (err) {
      say(note, t(err.status === 409 ? 'account.exists' : 'state.error', err.message), true);
    }
  };
  passwordForm.onsubmit = async e => {
    e.preventDefault();
    const target = document.getElementById('password-note');
    const {account, password} = values(passwordForm);
    if (!account) return say(target, t('account.needId'), true);
    if (password.length < 12) return say(target, t('account.shortPassword'), true);
    try {
      await api(`/accounts/${encodeURIComponent(account)}/password`, {method: 'PUT', body: {password}});
      say(target, t('account.passwordSet', account));
      passwordForm.password.value = '';
    } catch (err) {
      say(target, t('state.error', err.message), true);
    }
  };
  try {
    organisations = (await api('/organisations')).items;
  } catch (err) {
    say(note, t('state.error', err.message), true);
  }
  showReach();
  await draw();
}

const IMPORTS = {'lifts.csv': 'text/csv', 'households.csv': 'text/csv', 'cards.csv': 'text/csv', 'registry.json': 'application/json'};

/**
 * Import: the file is checked first with ?dryRun=true, which writes nothing and names every bad row (line,
 * column, reason) in a table; only a file without problems is offered for import, which is all or nothing.
 */
async function registryPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.registry'))}</h1>
    <form id="import-form" class="inline">
      <label>${esc(t('registry.kind'))} <select name="kind">${Object.keys(IMPORTS).map(k => `<option value="${k}">${esc(k)}</option>`).join('')}</select></label>
      <label>${esc(t('registry.file'))} <input type="file" name="file" accept=".csv,.json" required></label>
      <button>${esc(t('registry.preview'))}</button></form>
    <p class="hint">${esc(t('registry.howItWorks'))}</p>
    <div id="import-result"></div><div id="import-problems"></div>
    <h2>${esc(t('registry.export'))}</h2>
    <p><a href="/api/v1/registry/lifts.csv" download>lifts.csv</a> · <a href="/api/v1/registry/households.csv" download>households.csv</a>
    · <a href="/api/v1/registry/cards.csv" download>cards.csv</a> · <a href="/api/v1/registry" download="registry.json">registry.json</a></p></section>`;
  const form = document.getElementById('import-form');
  const result = document.getElementById('import-result');
  const problemsView = document.getElementById('import-problems');
  let checked = null;
  const send = async (dryRun) => {
    const path = checked.kind === 'registry.json' ? '/registry' : '/registry/' + checked.kind;
    const reply = await fetch(`/api/v1${path}?dryRun=${dryRun}`, {method: 'POST', body: checked.text,
      headers: {'content-type': IMPORTS[checked.kind], 'X-CSRF-Token': csrfToken()}, credentials: 'same-origin'});
    const body = await reply.json();
    if (!reply.ok) throw Object.assign(new Error(body.detail || reply.status), {body});
    return body;
  };
  const counts = c => t('registry.counts', c.organisations, c.stairwells, c.lifts, c.households, c.cards);
  const showProblems = answer => {
    problemsView.innerHTML = '';
    if (!answer || !answer.problemCount) return;
    return pagedTable(problemsView, {
      columns: ['registry.line', 'registry.field', 'registry.reason'], pageSize: 100, emptyKey: 'registry.noProblems',
      load: localPages(answer.problems),
      row: p => `<tr><td>${esc(p.line ?? p.entry)}</td><td>${esc(p.field ?? '—')}</td><td>${esc(p.reason)}</td></tr>`,
    });
  };
  form.onsubmit = async e => {
    e.preventDefault();
    checked = {kind: form.kind.value, text: await form.file.files[0].text()};
    let preview = null;
    await fill(result, async () => {
      try {
        preview = await send(true);
      } catch (err) {
        return `<p class="note error" id="import-problem" role="alert">${esc(t('registry.refused', err.message))}</p>`;
      }
      if (preview.problemCount) {
        return `<p class="note error" id="import-problem" role="alert">${esc(t('registry.problems', preview.problemCount))}
          ${preview.problemsTruncated ? esc(t('registry.problemsCapped', preview.problems.length)) : ''}</p>`;
      }
      return `<p class="note ok" id="import-preview" role="status">${esc(t('registry.checked', counts(preview)))}</p>
          <button type="button" class="primary" id="import-now">${esc(t('registry.import'))}</button>`;
    });
    await showProblems(preview);
    const now = document.getElementById('import-now');
    if (now) {
      now.focus();
      now.onclick = async () => {
        let refused = null;
        await fill(result, async () => {
          try {
            return `<p class="note ok" id="import-done" role="status">${esc(t('registry.imported', counts(await send(false))))}</p>`;
          } catch (err) {
            refused = err.body;
            return `<p class="note error" id="import-problem" role="alert">${esc(t('registry.refused', err.message))}</p>`;
          }
        });
        await showProblems(refused);
      };
    }
  };
}

export const adminPages = {accounts: accountsPage, registry: registryPage, devices: devicesPage, rules: rulesPage};
