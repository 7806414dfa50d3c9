// An administrator's accounts: the list, creating one with its role and reach, giving one another role or
// reach, the language of its printed pages and files, disabling and enabling, and setting a password. Each
// role's reach is checked in the form, in words, before anything is sent.
import {api, ask, dateTime, esc, field, fill, pagedTable, say, session, t, values} from './core.js';

const ROLES = ['admin', 'maintenance', 'property', 'bureau', 'city'];
/** What each role's reach is: an organisation of the role's kind, a district, or everything. */
const REACH = {maintenance: 'organisation', property: 'organisation', bureau: 'region', admin: null, city: null};

/** A list already in the page, shown one page at a time like the lists the API pages. */
export const localPages = items => (limit, offset) => Promise.resolve(items.slice(offset, offset + limit));

/** The role, organisation and district fields of a form, with `prefix` keeping their ids apart. */
const reachFields = prefix => `
  <label>${esc(t('account.role'))} <select name="role">${ROLES.map(r => `<option value="${r}">${esc(t('role.' + r))}</option>`).join('')}</select></label>
  <label>${esc(t('account.organisation'))} <select name="organisationId"></select></label>
  ${field('account.region', 'region', 'inputmode="numeric" maxlength="6"')}<p class="hint" id="${prefix}-reach"></p>`;

/** Offers the organisations of the chosen role's kind, or the district, and says which the role needs. */
function showReach(form, prefix, organisations) {
  const reach = REACH[form.role.value];
  const chosen = form.organisationId.value;
  form.organisationId.innerHTML = `<option value="">${esc(t('account.noOrganisation'))}</option>` + organisations
    .filter(o => reach === 'organisation' && o.kind === form.role.value)
    .map(o => `<option value="${esc(o.id)}">${esc(o.name)} (${esc(o.id)})</option>`).join('');
  form.organisationId.value = chosen;
  form.organisationId.disabled = reach !== 'organisation';
  form.region.disabled = reach !== 'region';
  form.querySelector(`#${prefix}-reach`).textContent = t(reach === 'organisation' ? 'account.reachOrganisation'
    : reach === 'region' ? 'account.reachRegion' : 'account.reachAll');
}

/** The role and reach a form holds, or the text key of what is missing. */
function reachOf(v) {
  const reach = REACH[v.role];
  if (reach === 'organisation' && !v.organisationId) return {problem: 'account.needOrganisation'};
  if (reach === 'region' && !/^\d{6}$/.test(v.region || '')) return {problem: 'account.needRegion'};
  return {role: v.role, ...(reach === 'organisation' ? {organisationId: v.organisationId} : {}),
    ...(reach === 'region' ? {region: v.region} : {})};
}

export async function accountsPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.accounts'))}</h1><p class="note" id="accounts-note"></p><div id="accounts"></div></section>
    <section><h2>${esc(t('account.create'))}</h2><form id="account-form" class="inline" novalidate>
      ${field('account.id', 'id', 'required maxlength="200" autocomplete="off"')}${field('account.name', 'name', 'maxlength="200"')}
      ${reachFields('account')}${field('account.password', 'password', 'type="password" autocomplete="new-password"')}
      <button class="primary">${esc(t('action.save'))}</button><p class="note" id="account-note"></p></form></section>
    <section><h2>${esc(t('account.changeReach'))}</h2><p class="hint">${esc(t('account.changeReachHint'))}</p>
      <form id="reach-form" class="inline" novalidate>
      <label>${esc(t('account.id'))} <select name="account" class="account-choice"></select></label>${reachFields('change')}
      <button class="primary">${esc(t('action.save'))}</button><p class="note" id="reach-note"></p></form></section>
    <section><h2>${esc(t('account.language'))}</h2><form id="language-form" class="inline">
      <label>${esc(t('account.id'))} <select name="account" class="account-choice"></select></label>
      <label>${esc(t('account.language'))} <select name="language"><option value="zh-CN">${esc(t('account.languageZh'))}</option>
      <option value="en">${esc(t('account.languageEn'))}</option></select></label>
      <button class="primary">${esc(t('action.save'))}</button><p class="note" id="language-note"></p></form></section>
    <section><h2>${esc(t('account.setPassword'))}</h2><form id="password-form" class="inline" novalidate>
      <label>${esc(t('account.id'))} <select name="account" class="account-choice"></select></label>
      ${field('account.newPassword', 'password', 'type="password" autocomplete="new-password" id="new-password"')}
      <button class="primary">${esc(t('account.setPassword'))}</button><p class="note" id="password-note"></p></form></section>`;
  const form = document.getElementById('account-form');
  const reachForm = document.getElementById('reach-form');
  const passwordForm = document.getElementById('password-form');
  const listNote = document.getElementById('accounts-note');
  // Elements are held, not looked up again: a page left before its calls return then changes only itself.
  const listTarget = document.getElementById('accounts');
  let organisations = [];
  let accounts = [];
  form.role.onchange = () => showReach(form, 'account', organisations);
  reachForm.role.onchange = () => showReach(reachForm, 'change', organisations);
  const pickForChange = id => {
    const a = accounts.find(x => x.id === id);
    if (!a) return;
    reachForm.account.value = a.id;
    reachForm.role.value = a.role;
    showReach(reachForm, 'change', organisations);
    reachForm.organisationId.value = a.organisationId ?? '';
    reachForm.region.value = a.region ?? '';
  };
  reachForm.account.onchange = () => pickForChange(reachForm.account.value);

  const draw = async () => {
    await fill(listTarget, async () => {
      accounts = (await api('/accounts')).items;
      return '<div id="account-list"></div>';
    });
    const chosen = reachForm.account.value;
    view.querySelectorAll('.account-choice').forEach(select => {
      const before = select.value;
      select.innerHTML = accounts.map(a => `<option value="${esc(a.id)}">${esc(a.id)}</option>`).join('');
      if (before) select.value = before;
    });
    pickForChange(chosen || (accounts[0] && accounts[0].id));
    const list = listTarget.querySelector('#account-list');
    if (!list) return;
    await pagedTable(list, {
      columns: ['account.id', 'account.name', 'account.role', 'account.reach', 'account.language', 'account.createdAt', 'account.state',
        'alarm.actions'],
      load: localPages(accounts), emptyKey: 'account.none',
      row: a => `<tr data-account="${esc(a.id)}"><td>${esc(a.id)}</td><td>${esc(a.name)}</td><td>${esc(t('role.' + a.role))}</td>
        <td>${esc(a.organisationId ?? a.region ?? t('account.reachAllShort'))}</td>
        <td>${esc(t(a.language === 'en' ? 'account.languageEn' : 'account.languageZh'))}</td><td>${esc(dateTime(a.createdAt))}</td>
        <td>${esc(t(a.disabledAt ? 'account.disabled' : 'account.active'))}</td>
        <td class="actions"><button type="button" data-do="${a.disabledAt ? 'enable' : 'disable'}" data-id="${esc(a.id)}">${esc(t(a.disabledAt
          ? 'account.enable' : 'account.disable'))}</button>
          <button type="button" data-do="reach" data-id="${esc(a.id)}">${esc(t('account.changeReach'))}</button>
          <button type="button" data-do="password" data-id="${esc(a.id)}">${esc(t('account.setPassword'))}</button></td></tr>`,
    });
  };

  listTarget.addEventListener('click', async e => {
    const button = e.target.closest('button[data-do]');
    if (!button) return;
    const id = button.dataset.id;
    if (button.dataset.do === 'password') {
      passwordForm.account.value = id;
      document.getElementById('new-password').focus();
      return;
    }
    if (button.dataset.do === 'reach') {
      pickForChange(id);
      reachForm.role.focus();
      return;
    }
    if (id === session.me.account && button.dataset.do === 'disable') {
      say(listNote, t('account.notYourself'), true);
      return;
    }
    if (!await ask(button.dataset.do === 'disable' ? 'account.disableTitle' : 'account.enableTitle',
        [{name: 'account', label: 'account.id', value: id}])) return;
    try {
      await api(`/accounts/${encodeURIComponent(id)}/${button.dataset.do}`, {method: 'POST'});
      say(listNote, t(button.dataset.do === 'disable' ? 'account.wasDisabled' : 'account.wasEnabled', id));
      await draw();
    } catch (err) {
      say(listNote, t('state.error', err.message), true);
    }
  });

  form.onsubmit = async e => {
    e.preventDefault();
    const note = document.getElementById('account-note');
    const v = values(form);
    const reach = reachOf(v);
    const problem = !v.id ? 'account.needId' : reach.problem
      ? reach.problem : v.password && v.password.length < 12 ? 'account.shortPassword' : null;
    if (problem) return say(note, t(problem), true);
    try {
      await api('/accounts', {method: 'POST', body: {id: v.id, ...(v.name ? {name: v.name} : {}), ...reach,
        ...(v.password ? {password: v.password} : {})}});
      say(note, t('account.created', v.id));
      form.reset();
      showReach(form, 'account', organisations);
      await draw();
    } catch (err) {
      say(note, t(err.status === 409 ? 'account.exists' : 'state.error', err.message), true);
    }
  };
  reachForm.onsubmit = async e => {
    e.preventDefault();
    const note = document.getElementById('reach-note');
    const v = values(reachForm);
    const reach = reachOf(v);
    if (!v.account) return say(note, t('account.needId'), true);
    if (reach.problem) return say(note, t(reach.problem), true);
    if (v.account === session.me.account) return say(note, t('account.notYourself'), true);
    try {
      await api(`/accounts/${encodeURIComponent(v.account)}/reach`, {method: 'PUT', body: reach});
      await draw();
      say(note, t('account.reachChanged', v.account));
    } catch (err) {
      say(note, t('state.error', err.message), true);
    }
  };
  const languageForm = document.getElementById('language-form');
  languageForm.onsubmit = async e => {
    e.preventDefault();
    const note = document.getElementById('language-note');
    const {account, language} = values(languageForm);
    if (!account) return say(note, t('account.needId'), true);
    try {
      await api(`/accounts/${encodeURIComponent(account)}/language`, {method: 'PUT', body: {language}});
      await draw();
      say(note, t('account.languageSet', account));
    } catch (err) {
      say(note, t('state.error', err.message), true);
    }
  };
  passwordForm.onsubmit = async e => {
    e.preventDefault();
    const note = document.getElementById('password-note');
    const {account, password} = values(passwordForm);
    if (!account) return say(note, t('account.needId'), true);
    if (password.length < 12) return say(note, t('account.shortPassword'), true);
    try {
      await api(`/accounts/${encodeURIComponent(account)}/password`, {method: 'PUT', body: {password}});
      say(note, t('account.passwordSet', account));
      passwordForm.password.value = '';
    } catch (err) {
      say(note, t('state.error', err.message), true);
    }
  };
  try {
    organisations = (await api('/organisations')).items;
  } catch (err) {
    say(listNote, t('state.error', err.message), true);
  }
  showReach(form, 'account', organisations);
  await draw();
}
