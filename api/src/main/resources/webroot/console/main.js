// The console's frame: language, sign-in, the menu of the signed-in role, and the page router.
import {api, esc, language, loadTexts, session, setCsrf, t, whenSignedOut, ApiError} from './core.js';
import {maintenancePages} from './maintenance.js';
import {propertyPages} from './property.js';
import {supervisionPages} from './supervision.js';
import {adminPages} from './admin.js';

const view = document.getElementById('view');
const top = document.getElementById('top');

/** Each role's menu: [hash, text key] in order; the first is its home. Pages not listed are not offered. */
const MENUS = {
  maintenance: [['#/alarms', 'menu.alarms'], ['#/rescues', 'menu.rescues'], ['#/plan', 'menu.plan']],
  property: [['#/stairwells', 'menu.stairwells']],
  bureau: [['#/grid', 'menu.grid'], ['#/compliance', 'menu.compliance'], ['#/report', 'menu.report'], ['#/audit', 'menu.audit']],
  city: [['#/grid', 'menu.grid'], ['#/compliance', 'menu.compliance'], ['#/report', 'menu.report']],
  admin: [['#/accounts', 'menu.accounts'], ['#/registry', 'menu.registry'], ['#/devices', 'menu.devices'], ['#/rules', 'menu.rules'],
    ['#/alarms', 'menu.alarms'], ['#/grid', 'menu.grid']],
};
const PAGES = {...maintenancePages, ...propertyPages, ...supervisionPages, ...adminPages};
/** Pages a role may open besides its menu: a lift's page from the alarm board, a stairwell from the list. */
const REACHABLE = {
  maintenance: ['alarms', 'rescues', 'lift', 'plan'],
  property: ['stairwells', 'stairwell', 'lift'],
  bureau: ['grid', 'compliance', 'report', 'audit', 'lift'],
  city: ['grid', 'compliance', 'report'],
  admin: Object.keys(PAGES),
};

function translateStatic() {
  document.getElementById('language').textContent = t('language.switch');
  document.getElementById('language').setAttribute('aria-label', t('language.switchLabel'));
  document.getElementById('sign-out').textContent = t('signOut');
  document.title = t('app.title');
}

/**
 * Whether this browser signed in and has not signed out: the cookie itself is out of the page's reach, and
 * asking /me without one would only be refused.
 */
const SIGNED_IN = 'liftwatch.signedIn';

function signInPage(notice) {
  session.me = null;
  localStorage.removeItem(SIGNED_IN);
  setCsrf(null);
  top.hidden = true;
  history.replaceState(null, '', location.pathname);
  view.innerHTML = `<section class="sign-in"><h1>${esc(t('app.title'))}</h1>
    <form id="sign-in-form"><h2>${esc(t('signIn.title'))}</h2>
      ${notice ? `<p class="note error" role="alert">${esc(notice)}</p>` : ''}
      <label>${esc(t('signIn.account'))} <input name="account" autocomplete="username" required></label>
      <label>${esc(t('signIn.password'))} <input name="password" type="password" autocomplete="current-password" required></label>
      <button class="primary">${esc(t('signIn.submit'))}</button>
      <button type="button" class="plain" id="sign-in-language">${esc(t('language.switch'))}</button>
      <p id="sign-in-note" class="note"></p></form></section>`;
  document.getElementById('sign-in-language').onclick = switchLanguage;
  const form = document.getElementById('sign-in-form');
  form.querySelector('input').focus();
  form.onsubmit = async e => {
    e.preventDefault();
    const note = document.getElementById('sign-in-note');
    note.textContent = t('signIn.busy');
    try {
      await api('/auth/session', {method: 'POST', body: {account: form.account.value.trim(), password: form.password.value}});
      localStorage.setItem(SIGNED_IN, 'yes');
      await start();
    } catch (err) {
      note.className = 'note error';
      note.setAttribute('role', 'alert');
      note.textContent = err instanceof ApiError && err.status === 401 ? t('signIn.wrong')
          : err instanceof ApiError && err.status === 429 ? t('signIn.throttled') : t('state.error', err.message);
    }
  };
}

async function start() {
  let me;
  try {
    me = await api('/me');
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) view.innerHTML = `<p class="state error">${esc(t('state.error', e.message))}</p>`;
    return;
  }
  session.me = me;
  session.pages = REACHABLE[me.role] || [];
  setCsrf(me.csrfToken);
  // A browser that never chose a language reads in the account's (the one its printed pages use).
  if (!localStorage.getItem('liftwatch.lang') && me.language && me.language !== language()) {
    localStorage.setItem('liftwatch.lang', me.language);
    await loadTexts(language());
    translateStatic();
  }
  top.hidden = false;
  document.getElementById('who').textContent = t('who', me.account, t('role.' + me.role));
  document.getElementById('menu').innerHTML = (MENUS[me.role] || []).map(([hash, key]) =>
      `<a href="${hash}" data-page="${hash.slice(2)}">${esc(t(key))}</a>`).join('');
  route();
}

async function route() {
  if (!session.me) return;
  const menu = MENUS[session.me.role] || [];
  if (!location.hash || location.hash === '#/') {
    location.replace(menu.length ? menu[0][0] : '#/none');
    return;
  }
  const [name, ...args] = location.hash.slice(2).split('/').map(decodeURIComponent);
  document.querySelectorAll('#menu a').forEach(a => a.classList.toggle('current', a.dataset.page === name));
  const page = PAGES[name];
  if (!page || !(REACHABLE[session.me.role] || []).includes(name)) {
    view.innerHTML = `<p class="state error" role="alert" id="not-offered">${esc(t('page.notOffered'))}</p>`;
    return;
  }
  const started = performance.now();
  await page(view, ...args);
  view.dataset.renderedMs = String(Math.round(performance.now() - started));
  view.dataset.renderedAt = String(Math.round(performance.now()));
  view.dataset.page = name;
}

async function switchLanguage() {
  localStorage.setItem('liftwatch.lang', language() === 'zh-CN' ? 'en' : 'zh-CN');
  // Signed in, the choice is the account's too: its monthly reports, exports and statements follow it.
  if (session.me) await api('/me/language', {method: 'PUT', body: {language: language()}}).catch(() => {});
  await loadTexts(language());
  translateStatic();
  if (session.me) await start(); else signInPage();
}

document.getElementById('language').onclick = switchLanguage;
document.getElementById('sign-out').onclick = async () => {
  try {
    await api('/auth/session', {method: 'DELETE'});
  } finally {
    signInPage(t('signOut.done'));
  }
};
whenSignedOut(notice => signInPage(notice));
window.addEventListener('hashchange', route);

await loadTexts(language());
translateStatic();
// A one-time sign-in link (the demo's) has just set the session cookie and sent the browser here.
if (location.hash === '#signed-in') {
  localStorage.setItem(SIGNED_IN, 'yes');
  history.replaceState(null, '', location.pathname);
}
try {
  if (localStorage.getItem(SIGNED_IN)) await start();
} finally {
  if (!session.me) signInPage();
}
