// An administrator's pages: accounts (list, create) and the registry import.
import {api, empty, esc, field, fill, say, t, values} from './core.js';

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

async function registryPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.registry'))}</h1><p>${esc(t('registry.hint'))}</p>
    <p><a href="/api/v1/registry/lifts.csv">lifts.csv</a> · <a href="/api/v1/registry/households.csv">households.csv</a>
    · <a href="/api/v1/registry/cards.csv">cards.csv</a></p></section>`;
}

export const adminPages = {accounts: accountsPage, registry: registryPage};
