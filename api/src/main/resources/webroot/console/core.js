// The console's shared parts: texts from the message bundles, calls to the API with the session cookie
// (and its CSRF header on writes), Asia/Shanghai dates, exact fen, and the small building blocks of pages.
const LANGUAGES = ['zh-CN', 'en'];
const ZONE = 'Asia/Shanghai';
let texts = {};
let csrf = null;

/** The signed-in account (GET /me) and the pages its role may open. */
export const session = {me: null, pages: []};

/** A link to a lift's page where the role may open it, else its name alone (the city reads no lift). */
export const liftLink = (id, text, attrs = '') => session.pages.includes('lift')
  ? `<a href="#/lift/${esc(id)}" ${attrs}>${esc(text)}</a>` : `<span ${attrs}>${esc(text)}</span>`;

export function language() {
  const chosen = localStorage.getItem('liftwatch.lang');
  return LANGUAGES.includes(chosen) ? chosen : LANGUAGES[0];
}

export async function loadTexts(lang) {
  const reply = await fetch(`messages/${lang}.json`);
  texts = await reply.json();
  document.documentElement.lang = lang;
}

/** A text by key, with {0}, {1} … replaced by the arguments; the key itself if a bundle lacks it. */
export function t(key, ...args) {
  const text = texts[key] ?? key;
  return text.replace(/\{(\d+)\}/g, (all, i) => args[Number(i)] ?? all);
}

/** Whether a bundle has this key (alarm types the console does not know yet are shown as sent). */
export const has = key => key in texts;

export const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));

/**
 * A failed call: its message in the page's language, from the status (the API's problem type is about:blank);
 * the API's own detail, in English, is kept for a title or an expander.
 */
export class ApiError extends Error {
  constructor(status, detail) {
    super(t(has(`error.status.${status}`) ? `error.status.${status}` : status >= 500 ? 'error.status.5xx' : 'error.status.other', status));
    this.status = status;
    this.detail = detail || '';
  }
}

export function setCsrf(token) {
  csrf = token;
}

/** The session's CSRF token, for the few calls that send something other than JSON (file imports). */
export const csrfToken = () => csrf;

let onSignedOut = () => {};
export function whenSignedOut(handler) {
  onSignedOut = handler;
}

/**
 * Calls /api/v1{path}; JSON in and out. A 401 means the session ended: back to sign-in. `idempotencyKey` is sent
 * as Idempotency-Key, so a write retried after a lost reply is not booked twice.
 */
export async function api(path, {method = 'GET', body, idempotencyKey} = {}) {
  const headers = {};
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  const reply = await fetch('/api/v1' + path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin'});
  if (reply.status === 401 && path !== '/auth/session' && session.me) {
    onSignedOut(t('signIn.expired'));
    throw new ApiError(401, t('signIn.expired'));
  }
  const type = reply.headers.get('content-type') || '';
  const data = type.includes('json') ? await reply.json().catch(() => null) : null;
  if (!reply.ok) throw new ApiError(reply.status, data && data.detail);
  return data;
}

/** A fresh random key for one form's write (crypto.randomUUID needs a secure context; plain HTTP has none). */
export function newIdempotencyKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
}

const dateTimeFormats = {};
function formatter(kind) {
  const key = language() + kind;
  if (!dateTimeFormats[key]) {
    const options = kind === 'date' ? {dateStyle: 'medium'} : {dateStyle: 'short', timeStyle: 'medium'};
    dateTimeFormats[key] = new Intl.DateTimeFormat(language(), {...options, timeZone: ZONE});
  }
  return dateTimeFormats[key];
}

/** An instant as a Beijing-time date and time in the page's language. */
export const dateTime = iso => iso ? formatter('time').format(new Date(iso)) : '—';

/** Today (or an instant's day) in Asia/Shanghai as YYYY-MM-DD. */
export function shanghaiDay(at = new Date()) {
  return new Intl.DateTimeFormat('sv', {timeZone: ZONE}).format(at);
}

/** Whole fen as ¥ with two decimals, by integer arithmetic only. */
export function money(fen) {
  if (fen === null || fen === undefined) return '—';
  const whole = Number(fen);
  const sign = whole < 0 ? '-' : '';
  const abs = Math.abs(whole);
  const yuan = Math.trunc(abs / 100).toLocaleString(language());
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** "123", "123.4" or "123.45" yuan as whole fen, or null: no floating point on the way. */
export function fenOf(text) {
  const match = String(text).trim().match(/^(\d{1,11})(?:\.(\d{1,2}))?$/);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] || '').padEnd(2, '0'));
}

/** Seconds since an instant, as 1 h 2 min 3 s in the page's language. */
export function age(since) {
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(since)) / 1000));
  return duration(s);
}

export function duration(seconds) {
  const s = Math.abs(seconds), h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60);
  return (seconds < 0 ? '-' : '') + (h ? t('time.hm', h, m) : m ? t('time.ms', m, s % 60) : t('time.s', s % 60));
}

/** A page's states in words. */
export const loading = () => `<p class="state" role="status">${esc(t('state.loading'))}</p>`;
export const empty = key => `<p class="state empty">${esc(t(key))}</p>`;
export const failed = e => `<p class="state error" role="alert">${esc(t('state.error', e.message || e))}</p>${e.detail
    ? `<details class="hint"><summary>${esc(t('error.details'))}</summary>${esc(e.detail)}</details>` : ''}`;

/** Fills `target` with the result of `render`, showing loading first and the error in words if it fails. */
export async function fill(target, render) {
  target.innerHTML = loading();
  try {
    target.innerHTML = await render();
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) target.innerHTML = failed(e);
  }
}

/**
 * A paged list: `load(limit, offset)` gives items; one page at a time is drawn, so a fleet of 10,000
 * lifts is never one table. `row` draws an item; the header names the columns by text keys.
 */
export function pagedTable(target, {columns, load, row, emptyKey, pageSize = 50, after}) {
  let offset = 0;
  async function draw() {
    await fill(target, async () => {
      const items = await load(pageSize + 1, offset);
      const more = items.length > pageSize;
      const shown = items.slice(0, pageSize);
      if (!shown.length && offset === 0) return empty(emptyKey);
      return `<table><thead><tr>${columns.map(c => `<th scope="col">${esc(t(c))}</th>`).join('')}</tr></thead>
        <tbody>${shown.map(row).join('')}</tbody></table>
        <div class="pager"><button type="button" data-page="-1" ${offset ? '' : 'disabled'}>${esc(t('page.previous'))}</button>
        <span>${esc(t('page.range', offset + 1, offset + shown.length))}</span>
        <button type="button" data-page="1" ${more ? '' : 'disabled'}>${esc(t('page.next'))}</button></div>`;
    });
    if (after) after(target);
  }
  target.onclick = e => {
    const step = e.target.dataset && e.target.dataset.page;
    if (!step) return;
    offset = Math.max(0, offset + Number(step) * pageSize);
    draw();
  };
  return draw();
}

/**
 * Asks for values in a labelled form in a modal dialog (keyboard: Tab between fields, Enter submits,
 * Escape cancels). Resolves with {name: value} or null when cancelled.
 */
export function ask(titleKey, fields) {
  const dialog = document.getElementById('ask');
  const form = document.getElementById('ask-form');
  form.innerHTML = `<h2>${esc(t(titleKey))}</h2>${fields.map(f => `<label>${esc(t(f.label))}
      <input name="${esc(f.name)}" value="${esc(f.value ?? '')}" ${f.required === false ? '' : 'required'}></label>`).join('')}
    <div class="actions"><button value="ok" class="primary">${esc(t('action.confirm'))}</button>
    <button type="button" value="cancel" data-cancel>${esc(t('action.cancel'))}</button></div>`;
  return new Promise(resolve => {
    form.querySelector('[data-cancel]').onclick = () => dialog.close('cancel');
    dialog.onclose = () => {
      resolve(dialog.returnValue === 'ok'
          ? Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v).trim()])) : null);
    };
    dialog.returnValue = '';
    dialog.showModal();
    (form.querySelector('input') ?? form.querySelector('button')).focus();
  });
}

/** Reads a form's fields as trimmed strings. */
export const values = form => Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v).trim()]));

/** A labelled input. */
export const field = (labelKey, name, attrs = '') =>
  `<label>${esc(t(labelKey))} <input name="${esc(name)}" ${attrs}></label>`;

/** Shows the outcome of a form in words next to it; a failed call's detail (in English) as its title. */
export function say(target, text, isError, detail) {
  target.textContent = text;
  target.title = detail || '';
  target.className = isError ? 'note error' : 'note ok';
  target.setAttribute('role', isError ? 'alert' : 'status');
}
