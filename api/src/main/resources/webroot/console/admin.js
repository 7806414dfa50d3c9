// An administrator's pages: accounts (list, create) and the registry import.
import {api, csrfToken, empty, esc, field, fill, say, t, values} from './core.js';

const ROLES = ['admin', 'maintenance', 'property', 'bureau', 'city'];

async function accountsPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.accounts'))}</h1><div id="accounts"></div>
    <form id="account-form" class="inline"><h2>${esc(t('account.create'))}</h2>
      ${field('account.id', 'id', 'required')}
      <label>${esc(t('account.role'))} <select name="role">${ROLES.map(r => `<option value="${r}">${esc(t('role.' + r))}</option>`).join('')}</select></label>
      ${field('account.organisation', 'organisationId')}${field('account.region', 'region', 'pattern="\\d{6}"')}
      ${field('account.password', 'password', 'type="password" minlength="12" autocomplete="new-password"')}
      <button class="primary">${esc(t('action.save'))}</button><p class="note" id="account-note"></p></form></section>`;
  const draw = () => fill(document.getElementById('accounts'), async () => {
    const items = (await api('/accounts')).items;
    if (!items.length) return empty('account.none');
    return `<table><thead><tr>${['account.id', 'account.role', 'account.organisation', 'account.region', 'account.created']
      .map(k => `<th scope="col">${esc(t(k))}</th>`).join('')}</tr></thead><tbody>${items.map(a => `<tr><td>${esc(a.id)}</td>
      <td>${esc(t('role.' + a.role))}</td><td>${esc(a.organisationId ?? '')}</td><td>${esc(a.region ?? '')}</td>
      <td>${esc(a.createdAt)}</td></tr>`).join('')}</tbody></table>`;
  });
  document.getElementById('account-form').onsubmit = async e => {
    e.preventDefault();
    const v = Object.fromEntries(Object.entries(values(e.target)).filter(([, x]) => x));
    try {
      await api('/accounts', {method: 'POST', body: v});
      say(document.getElementById('account-note'), t('account.created', v.id));
      e.target.reset();
      await draw();
    } catch (err) {
      say(document.getElementById('account-note'), t('state.error', err.message), true);
    }
  };
  await draw();
}

const IMPORTS = {'lifts.csv': 'text/csv', 'households.csv': 'text/csv', 'cards.csv': 'text/csv', 'registry.json': 'application/json'};

/** Import: the file is checked first with ?dryRun=true (a bad row named with its line, nothing written), then imported. */
async function registryPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.registry'))}</h1>
    <form id="import-form" class="inline">
      <label>${esc(t('registry.kind'))} <select name="kind">${Object.keys(IMPORTS).map(k => `<option value="${k}">${esc(k)}</option>`).join('')}</select></label>
      <label>${esc(t('registry.file'))} <input type="file" name="file" accept=".csv,.json" required></label>
      <button>${esc(t('registry.preview'))}</button></form>
    <div id="import-result"></div>
    <h2>${esc(t('registry.export'))}</h2>
    <p><a href="/api/v1/registry/lifts.csv">lifts.csv</a> · <a href="/api/v1/registry/households.csv">households.csv</a>
    · <a href="/api/v1/registry/cards.csv">cards.csv</a> · <a href="/api/v1/registry">registry.json</a></p></section>`;
  const form = document.getElementById('import-form');
  const result = document.getElementById('import-result');
  let checked = null;
  const send = async (dryRun) => {
    const path = checked.kind === 'registry.json' ? '/registry' : '/registry/' + checked.kind;
    const reply = await fetch(`/api/v1${path}?dryRun=${dryRun}`, {method: 'POST', body: checked.text,
      headers: {'content-type': IMPORTS[checked.kind], 'X-CSRF-Token': csrfToken()}, credentials: 'same-origin'});
    const body = await reply.json();
    if (!reply.ok) throw new Error(body.detail || reply.status);
    return body;
  };
  const counts = c => t('registry.counts', c.organisations, c.stairwells, c.lifts, c.households, c.cards);
  form.onsubmit = async e => {
    e.preventDefault();
    checked = {kind: form.kind.value, text: await form.file.files[0].text()};
    await fill(result, async () => {
      try {
        const preview = await send(true);
        return `<p class="note ok" id="import-preview" role="status">${esc(t('registry.checked', counts(preview)))}</p>
          <button type="button" class="primary" id="import-now">${esc(t('registry.import'))}</button>`;
      } catch (err) {
        return `<p class="note error" id="import-problem" role="alert">${esc(t('registry.refused', err.message))}</p>`;
      }
    });
    const now = document.getElementById('import-now');
    if (now) now.onclick = () => fill(result, async () => `<p class="note ok" id="import-done" role="status">${esc(t('registry.imported', counts(await send(false))))}</p>`);
  };
}

export const adminPages = {accounts: accountsPage, registry: registryPage};
