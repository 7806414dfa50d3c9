// A maintenance company's pages: the live alarm board with its lift tiles, the rescue board, a lift's page.
import {age, api, ask, dateTime, duration, empty, esc, fill, has, pagedTable, session, t} from './core.js';

const SEVERITIES = ['critical', 'major', 'minor', 'warning'];
let stream = null;
let refresh = () => {};

/** Opens the live stream once, with a one-minute ticket bought with the session; each event refreshes the page shown. */
async function live() {
  if (stream) return;
  const status = document.getElementById('live');
  status.hidden = false;
  status.textContent = t('live.label');
  try {
    const {ticket} = await api('/alarms/stream/tickets', {method: 'POST'});
    stream = new EventSource('/api/v1/alarms/stream?ticket=' + encodeURIComponent(ticket));
  } catch (e) {
    status.className = 'live off';
    setTimeout(live, 5000);
    return;
  }
  stream.onopen = () => { status.className = 'live on'; };
  const reopen = () => { stream.close(); stream = null; status.className = 'live off'; if (session.me) setTimeout(live, 2000); };
  stream.onerror = reopen;
  stream.addEventListener('closed', reopen);
  stream.addEventListener('alarm', () => refresh());
}

const who = () => session.me.account;
const severityText = s => t('severity.' + s);
const stateText = a => a.status === 'acknowledged' && a.acknowledgedBy ? t('alarm.acknowledgedBy', a.acknowledgedBy)
    : t('alarm.status.' + a.status);
const typeText = type => has('alarm.type.' + type) ? t('alarm.type.' + type) : type;

async function command(alarm, action, body) {
  await api(`/alarms/${alarm}/${action}`, {method: 'POST', body});
}

async function alarmsPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.alarms'))}</h1>
      <label>${esc(t('alarm.filterSeverity'))} <select id="severity"><option value="">${esc(t('alarm.allSeverities'))}</option>
      ${SEVERITIES.map(s => `<option value="${s}">${esc(severityText(s))}</option>`).join('')}</select></label>
      <div id="alarms"></div></section>
    <section><h2>${esc(t('lift.tiles'))}</h2><div id="tiles"></div></section>`;
  const target = document.getElementById('alarms');
  const severity = document.getElementById('severity');
  let open = [];
  async function drawAlarms() {
    const filter = severity.value ? '&severity=' + severity.value : '';
    await fill(target, async () => {
      open = (await api('/alarms?status=open&limit=500' + filter)).items;
      if (!open.length) return empty('alarm.none');
      return `<table id="alarm-table"><thead><tr>${['alarm.severity', 'alarm.lift', 'alarm.address', 'alarm.type', 'alarm.count',
        'alarm.age', 'alarm.state', 'alarm.actions'].map(k => `<th scope="col">${esc(t(k))}</th>`).join('')}</tr></thead><tbody>
        ${open.map(a => `<tr data-alarm="${a.id}" class="sev-${esc(a.severity)}">
          <td><span class="sev ${esc(a.severity)}">${esc(severityText(a.severity))}</span></td>
          <td><a href="#/lift/${esc(a.liftId)}">${esc(a.liftId)}</a></td>
          <td>${esc(a.address ?? a.place ?? '')}</td>
          <td class="type" data-type="${esc(a.type)}">${esc(typeText(a.type))}</td>
          <td>${a.count}</td>
          <td class="age" data-since="${esc(a.firstSeen)}">${esc(age(a.firstSeen))}</td>
          <td class="state">${esc(stateText(a))}</td>
          <td>${a.status === 'raised' ? `<button type="button" data-ack="${a.id}">${esc(t('alarm.acknowledge'))}</button>` : ''}
            <button type="button" data-clear="${a.id}">${esc(t('alarm.clear'))}</button></td></tr>`).join('')}</tbody></table>`;
    });
  }
  async function drawTiles() {
    const worst = {};
    for (const a of open) {
      const rank = SEVERITIES.indexOf(a.severity);
      if (worst[a.liftId] === undefined || rank < SEVERITIES.indexOf(worst[a.liftId])) worst[a.liftId] = a.severity;
    }
    await pagedTable(document.getElementById('tiles'), {
      columns: ['lift.address', 'lift.state'], emptyKey: 'lift.none', pageSize: 100,
      load: async (limit, offset) => (await api(`/lifts?limit=${limit}&offset=${offset}`)).items,
      row: l => `<tr class="tile ${worst[l.id] ? 'sev-' + worst[l.id] : l.online ? 'online' : 'offline'}" data-lift="${esc(l.id)}">
        <td><a href="#/lift/${esc(l.id)}">${esc(l.address)}</a> <small>${esc(l.id)}</small></td>
        <td>${esc(worst[l.id] ? severityText(worst[l.id]) : l.online ? t('lift.online') : t('lift.offline'))}</td></tr>`,
    });
  }
  refresh = async () => { if (document.getElementById('alarms')) { await drawAlarms(); await drawTiles(); } };
  severity.onchange = refresh;
  target.onclick = async e => {
    const {ack, clear} = e.target.dataset;
    try {
      if (ack) {
        const answer = await ask('alarm.acknowledgeTitle', [{name: 'by', label: 'form.by', value: who()}]);
        if (answer) await command(ack, 'acknowledge', {by: answer.by});
      } else if (clear) {
        const answer = await ask('alarm.clearTitle', [{name: 'by', label: 'form.by', value: who()},
          {name: 'reason', label: 'form.reason'}]);
        if (answer) await command(clear, 'clear', {by: answer.by, reason: answer.reason});
      }
    } catch (err) {
      alertIn(target, err);
    }
    if (ack || clear) await refresh();
  };
  await refresh();
  live();
}

function alertIn(target, err) {
  target.insertAdjacentHTML('afterbegin', `<p class="note error" role="alert">${esc(t('state.error', err.message))}</p>`);
}

async function rescuesPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.rescues'))}</h1><div id="rescues"></div></section>`;
  const target = document.getElementById('rescues');
  refresh = async () => {
    if (!document.getElementById('rescues')) return;
    const from = new Date(Date.now() - 7 * 86400e3).toISOString();
    await fill(target, async () => {
      const open = (await api(`/rescues?from=${encodeURIComponent(from)}&limit=500`)).items.filter(r => !r.releasedAt);
      if (!open.length) return empty('rescue.none');
      return open.map(r => {
        const limit = r.arrivalLimitMinutes ?? 30;
        const left = Math.round(limit * 60 - (Date.now() - Date.parse(r.raisedAt)) / 1000);
        return `<article class="rescue ${left < 0 && !r.arrivedAt ? 'late' : ''}" data-rescue="${r.alarmId}">
          <h2><a href="#/lift/${esc(r.liftId)}">${esc(r.liftId)}</a></h2>
          <p>${esc(t('rescue.raised', dateTime(r.raisedAt)))}</p>
          <p class="clock" data-raised="${esc(r.raisedAt)}" data-limit="${limit}">${esc(r.arrivedAt ? t('rescue.arrivedAt', dateTime(r.arrivedAt))
              : left >= 0 ? t('rescue.left', duration(left), limit) : t('rescue.over', duration(-left), limit))}</p>
          <p class="dispatch">${esc(r.dispatchedTo ? t('rescue.dispatchedTo', r.dispatchedTo) : t('rescue.notDispatched'))}</p>
          <div class="actions">${r.dispatchedTo ? '' : `<button type="button" data-dispatch="${r.alarmId}">${esc(t('rescue.dispatch'))}</button>`}
            ${r.arrivedAt ? '' : `<button type="button" data-arrived="${r.alarmId}">${esc(t('rescue.arrived'))}</button>`}
            <button type="button" data-release="${r.alarmId}" class="primary">${esc(t('rescue.release'))}</button></div></article>`;
      }).join('');
    });
  };
  target.onclick = async e => {
    const {dispatch, arrived, release} = e.target.dataset;
    try {
      if (dispatch) {
        const answer = await ask('rescue.dispatchTitle', [{name: 'technician', label: 'form.technician'},
          {name: 'by', label: 'form.by', value: who()}]);
        if (answer) await command(dispatch, 'dispatch', answer);
      } else if (arrived) {
        const answer = await ask('rescue.arrivedTitle', [{name: 'by', label: 'form.by', value: who()}]);
        if (answer) await command(arrived, 'arrived', answer);
      } else if (release) {
        const answer = await ask('rescue.releaseTitle', [{name: 'by', label: 'form.by', value: who()},
          {name: 'reason', label: 'form.cause'}]);
        if (answer) await command(release, 'clear', answer);
      }
    } catch (err) {
      alertIn(target, err);
    }
    if (dispatch || arrived || release) await refresh();
  };
  await refresh();
  live();
}

function bars(title, days, values) {
  const max = Math.max(1, ...values), w = 560, h = 120, bw = w / days.length;
  return `<figure><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${w} ${h + 16}" role="img" aria-label="${esc(title)}">
    ${values.map((v, i) => `<rect x="${i * bw + 2}" y="${h - v / max * h}" width="${bw - 4}" height="${v / max * h}"><title>${esc(days[i])}: ${v}</title></rect>
      <text x="${i * bw + 2}" y="${h + 12}">${esc(days[i].slice(5))}</text>`).join('')}</svg></figure>`;
}

async function liftPage(view, id) {
  refresh = () => {};
  await fill(view, async () => {
    const to = new Date(), from = new Date(to - 14 * 86400e3);
    const period = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(new Date(+to + 60e3).toISOString())}`;
    const [lift, runs, counters] = await Promise.all([api('/lifts/' + id), api(`/lifts/${id}/runs?limit=20`),
      api(`/lifts/${id}/counters?${period}&limit=10000`)]);
    const days = [...Array(14).keys()].map(i => new Intl.DateTimeFormat('sv', {timeZone: 'Asia/Shanghai'})
        .format(new Date(+from + (i + 1) * 86400e3)));
    const dayOf = ts => new Intl.DateTimeFormat('sv', {timeZone: 'Asia/Shanghai'}).format(new Date(ts));
    const perDay = field => days.map(d => counters.items.filter(x => dayOf(x.ts) === d).reduce((s, x) => s + Number(x[field] || 0), 0));
    const yes = b => t(b ? 'word.yes' : 'word.no');
    return `<section><h1>${esc(lift.address)} <small>${esc(lift.id)}</small></h1><dl class="cards">
        <div><dt>${esc(t('lift.online'))}</dt><dd id="lift-online">${esc(yes(lift.online))}</dd></div>
        <div><dt>${esc(t('lift.mode'))}</dt><dd>${esc(lift.mode ?? '—')}</dd></div>
        <div><dt>${esc(t('lift.floor'))}</dt><dd>${esc(lift.floor ?? '—')}</dd></div>
        <div><dt>${esc(t('lift.passenger'))}</dt><dd>${esc(yes(lift.passenger))}</dd></div>
        <div><dt>${esc(t('lift.lastSeen'))}</dt><dd>${esc(dateTime(lift.lastSeenAt))}</dd></div></dl></section>
      <section id="charts">${bars(t('lift.runsPerDay'), days, perDay('dRuns'))}${bars(t('lift.doorCyclesPerDay'), days, perDay('dDoorCycles'))}</section>
      <section><h2>${esc(t('lift.recentRuns'))}</h2>${runs.items.length ? `<table><thead><tr><th scope="col">${esc(t('run.ended'))}</th>
        <th scope="col">${esc(t('run.from'))}</th><th scope="col">${esc(t('run.to'))}</th><th scope="col">${esc(t('run.cards'))}</th></tr></thead>
        <tbody>${runs.items.map(r => `<tr><td>${esc(dateTime(r.endedAt))}</td><td>${esc(r.fromFloor)}</td><td>${esc(r.toFloor)}</td>
        <td>${esc(r.cards.join(', ') || t('run.noCard'))}</td></tr>`).join('')}</tbody></table>` : empty('run.none')}</section>`;
  });
}

setInterval(() => document.querySelectorAll('td.age').forEach(td => { td.textContent = age(td.dataset.since); }), 1000);

export const maintenancePages = {alarms: alarmsPage, rescues: rescuesPage, lift: liftPage};
