// LiftWatch fault dashboard: open alarms live (critical first, age ticking), acknowledge/clear,
// lifts by region with online state, and one lift's page with status, runs and history charts.
'use strict';
// The API is called with the console's session cookie, which is HttpOnly: this page never holds a token, and
// no token is ever in its address or in the browser's storage. Without a session the reader is sent to the
// console to sign in. Writes carry the session's CSRF value (from GET /me). The live stream is opened with a
// one-minute ticket (EventSource sends no headers); a new ticket for every reconnect. Where access control is
// off (the local demo) there is no session and none is needed.
const signIn = () => { location.href = '/console/'; };
const me = fetch('/api/v1/me', {credentials: 'same-origin'})
  .then(r => { if (r.status === 401) signIn(); return r.ok ? r.json() : {}; });
const authorised = async (init = {}) => {
  const csrf = (await me).csrfToken;
  return {...init, credentials: 'same-origin', headers: {...(init.headers || {}), ...(csrf ? {'x-csrf-token': csrf} : {})}};
};
const api = async path => fetch('/api/v1' + path, await authorised()).then(r => {
  if (r.status === 401) signIn();
  return r.ok ? r.json() : Promise.reject(r.status);
});
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
const view = document.getElementById('view');
const maintainer = document.getElementById('maintainer');
let alarms = [];
let flashIds = new Set();

function age(since) {
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(since)) / 1000));
  const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
  return (h ? h + 'h ' : '') + (h || m ? m + 'm ' : '') + sec + 's';
}

async function loadAlarms() {
  const m = maintainer.value ? '&maintainer=' + encodeURIComponent(maintainer.value) : '';
  alarms = (await api('/alarms?status=open&limit=500' + m)).items;
  renderAlarms();
}

function renderAlarms() {
  const body = document.getElementById('alarm-rows');
  if (!body) return;
  body.innerHTML = alarms.length ? alarms.map(a => `
    <tr data-alarm="${a.id}" class="${flashIds.has(a.id) ? 'flash' : ''}">
      <td><span class="sev ${esc(a.severity)}">${esc(a.severity)}</span></td>
      <td><a href="#/lift/${esc(a.liftId)}">${esc(a.liftId)}</a><br><small>${esc(a.address)}</small></td>
      <td class="type">${esc(a.type)}</td>
      <td>${a.count}</td>
      <td class="age" data-since="${esc(a.firstSeen)}">${age(a.firstSeen)}</td>
      <td class="state">${esc(a.status)}${a.acknowledgedBy ? ' by ' + esc(a.acknowledgedBy) : ''}</td>
      <td>${a.status === 'raised' ? `<button data-ack="${a.id}">Acknowledge</button>` : ''}
          <button data-clear="${a.id}">Clear</button></td>
    </tr>`).join('') : '<tr><td colspan="7" class="empty">No open alarms</td></tr>';
  flashIds = new Set();
}

async function act(id, action, body) {
  const r = await fetch(`/api/v1/alarms/${id}/${action}`, await authorised({
    method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body)}));
  if (!r.ok && r.status !== 202) alert((await r.json()).detail);
  await loadAlarms();
}

view.addEventListener('click', e => {
  const ack = e.target.dataset.ack, clear = e.target.dataset.clear;
  // The API records who acted as the signed-in account (or, with access control off, the stand-in).
  if (ack) act(ack, 'acknowledge', {});
  if (clear) {
    const reason = prompt('Reason for clearing');
    if (reason) act(clear, 'clear', {reason});
  }
});

async function home() {
  view.innerHTML = `
    <section><h2>Open alarms</h2>
      <table><thead><tr><th>Severity</th><th>Lift</th><th>Type</th><th>Count</th><th>Age</th><th>State</th><th></th></tr></thead>
      <tbody id="alarm-rows"></tbody></table></section>
    <section><h2>Lifts by region</h2><div id="regions" class="empty">loading…</div></section>`;
  await loadAlarms();
  const m = maintainer.value ? '&maintainer=' + encodeURIComponent(maintainer.value) : '';
  const lifts = (await api('/lifts?limit=10000' + m)).items;
  const groups = {};
  for (const l of lifts) (groups[[l.districtCode, l.street, l.community].join(' › ')] ??= []).push(l);
  document.getElementById('regions').innerHTML = Object.keys(groups).sort().map(region => `
    <div class="region"><h3>${esc(region)}</h3><div class="lifts">${groups[region].map(l => `
      <a class="lift" href="#/lift/${esc(l.id)}" data-lift="${esc(l.id)}">
        <span class="dot ${l.online ? 'online' : 'offline'}"></span>${esc(l.address)}
        <br><small>${esc(l.mode ?? 'no status')} · floor ${esc(l.floor ?? '?')}</small></a>`).join('')}
    </div></div>`).join('') || '<p class="empty">No lifts</p>';
}

function bars(title, days, values) {
  const max = Math.max(1, ...values), w = 560, h = 120, bw = w / days.length;
  return `<h3>${esc(title)}</h3><svg width="${w}" height="${h + 16}" role="img" aria-label="${esc(title)}">
    ${values.map((v, i) => `<rect x="${i * bw + 2}" y="${h - v / max * h}" width="${bw - 4}" height="${v / max * h}" fill="#3a7bd5"><title>${days[i]}: ${v}</title></rect>
      <text x="${i * bw + 2}" y="${h + 12}">${days[i].slice(5)}</text>`).join('')}</svg>`;
}

async function liftPage(id) {
  // Exact instants, not dates: a bare date means midnight in the API's zone, which need not be the browser's.
  const to = new Date(), from = new Date(to - 14 * 86400e3);
  const period = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(new Date(+to + 60e3).toISOString())}`;
  const localDay = t => new Date(t).toLocaleDateString('sv'); // YYYY-MM-DD in the browser's zone
  const [lift, runs, counters, faults] = await Promise.all([api('/lifts/' + id), api(`/lifts/${id}/runs?limit=20`),
    api(`/lifts/${id}/counters?${period}&limit=10000`), api(`/lifts/${id}/faults?${period}&limit=10000`)]);
  const days = [...Array(14).keys()].map(i => localDay(+from + (i + 1) * 86400e3));
  const perDay = (items, key, field) => days.map(d => items.filter(x => localDay(x[key]) === d)
      .reduce((sum, x) => sum + (field ? Number(x[field]) : 1), 0));
  view.innerHTML = `
    <section><h2>${esc(lift.address)} <small>${esc(lift.id)}</small></h2><div class="cards">
      <div class="card">Online<b id="lift-online">${lift.online ? 'yes' : 'no'}</b></div>
      <div class="card">Mode<b>${esc(lift.mode ?? '—')}</b></div>
      <div class="card">Floor<b>${esc(lift.floor ?? '—')}</b></div>
      <div class="card">Moving<b>${lift.moving ? esc(lift.direction) : 'no'}</b></div>
      <div class="card">Door<b>${lift.doorLocked ? 'closed' : 'open'}</b></div>
      <div class="card">Passenger<b>${lift.passenger ? 'yes' : 'no'}</b></div>
      <div class="card">Last seen<b><small>${esc(lift.lastSeenAt ?? '—')}</small></b></div></div></section>
    <section><h2>Recent runs</h2><table><thead><tr><th>Ended</th><th>From</th><th>To</th><th>Cards</th></tr></thead>
      <tbody>${runs.items.map(r => `<tr><td>${esc(r.endedAt)}</td><td>${esc(r.fromFloor)}</td><td>${esc(r.toFloor)}</td>
      <td>${esc(r.cards.join(', ') || 'free')}</td></tr>`).join('') || '<tr><td colspan="4" class="empty">No runs</td></tr>'}</tbody></table></section>
    <section id="charts">${bars('Door cycles per day', days, perDay(counters.items, 'ts', 'dDoorCycles'))}
      ${bars('Runs per day', days, perDay(counters.items, 'ts', 'dRuns'))}
      ${bars('Faults raised per day', days, perDay(faults.items.filter(f => f.raised), 'ts'))}</section>`;
}

function route() {
  const match = location.hash.match(/^#\/lift\/(\d{20})$/);
  (match ? liftPage(match[1]) : home()).catch(e => view.innerHTML = `<section class="empty">Could not load: ${esc(e)}</section>`);
}

async function streamUrl() {
  if (!(await me).csrfToken) return '/api/v1/alarms/stream';
  const response = await fetch('/api/v1/alarms/stream/tickets', await authorised({method: 'POST'}));
  if (!response.ok) throw new Error('no stream ticket: ' + response.status);
  return '/api/v1/alarms/stream?ticket=' + encodeURIComponent((await response.json()).ticket);
}

async function live() {
  const status = document.getElementById('live');
  let stream;
  try {
    stream = new EventSource(await streamUrl());
  } catch (e) {
    status.className = 'live off';
    setTimeout(live, 5000);
    return;
  }
  stream.onopen = () => { status.className = 'live on'; };
  stream.onerror = () => { status.className = 'live off'; stream.close(); setTimeout(live, 2000); };
  stream.addEventListener('closed', () => { stream.close(); status.className = 'live off'; });
  stream.addEventListener('alarm', e => {
    const event = JSON.parse(e.data);
    if (event.alarmId) flashIds.add(event.alarmId);
    if (document.getElementById('alarm-rows')) loadAlarms();
  });
}

setInterval(() => document.querySelectorAll('td.age').forEach(td => { td.textContent = age(td.dataset.since); }), 1000);
api('/organisations').then(o => o.items.filter(x => x.kind === 'maintenance').forEach(x =>
    maintainer.add(new Option(x.name, x.id))));
maintainer.addEventListener('change', route);
window.addEventListener('hashchange', route);
route();
live();
