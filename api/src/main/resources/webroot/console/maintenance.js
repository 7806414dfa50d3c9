// A maintenance company's pages: the live alarm board with its filters and lift tiles, the rescue board.
// The lift's page is in lift.js, the maintenance plan in plan.js.
import {age, api, ask, dateTime, duration, empty, esc, fill, has, pagedTable, t} from './core.js';
import {live, muted, onAlarm, setMuted, sync} from './live.js';
import {liftPage} from './lift.js';
import {planPage} from './plan.js';

export const SEVERITIES = ['critical', 'major', 'minor', 'warning'];
const ALARM_PAGE = 50;

export const severityText = s => t('severity.' + s);
const stateText = a => a.status === 'acknowledged' && a.acknowledgedBy ? t('alarm.acknowledgedBy', a.acknowledgedBy)
    : t('alarm.status.' + a.status);
export const typeText = type => has('alarm.type.' + type) ? t('alarm.type.' + type) : type;

async function command(alarm, action, body) {
  await api(`/alarms/${alarm}/${action}`, {method: 'POST', body});
}

/** The streets of the caller's lifts, from the registry's addresses, as options of a select. */
export async function streetOptions() {
  const {items} = await api('/streets');
  return items.map(s => `<option value="${esc(s.street)}">${esc(s.street)} (${s.lifts})</option>`).join('');
}

/** Each lift's worst open alarm, whatever the board's filters show. */
function worstOf(open) {
  const worst = {};
  for (const a of open) {
    const rank = SEVERITIES.indexOf(a.severity);
    if (worst[a.liftId] === undefined || rank < SEVERITIES.indexOf(worst[a.liftId])) worst[a.liftId] = a.severity;
  }
  return worst;
}

async function alarmsPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.alarms'))}</h1>
      <form class="inline filters" id="alarm-filters">
      <label>${esc(t('alarm.filterSeverity'))} <select id="severity" name="severity"><option value="">${esc(t('alarm.allSeverities'))}</option>
      ${SEVERITIES.map(s => `<option value="${s}">${esc(severityText(s))}</option>`).join('')}</select></label>
      <label>${esc(t('alarm.filterStreet'))} <select id="street" name="street"><option value="">${esc(t('alarm.allStreets'))}</option></select></label>
      <button type="button" id="mute" class="plain" aria-pressed="false"></button></form>
      <div id="alarms"></div></section>
    <section><h2>${esc(t('lift.tiles'))}</h2><div id="tiles"></div></section>`;
  const target = document.getElementById('alarms');
  const severity = document.getElementById('severity');
  const street = document.getElementById('street');
  const mute = document.getElementById('mute');
  const showMute = () => {
    mute.textContent = t(muted() ? 'alarm.soundOff' : 'alarm.soundOn');
    mute.setAttribute('aria-pressed', String(muted()));
  };
  showMute();
  mute.onclick = () => { setMuted(!muted()); showMute(); };
  streetOptions().then(options => street.insertAdjacentHTML('beforeend', options)).catch(() => {});
  let open = [];
  let offset = 0;
  async function drawAlarms() {
    await fill(target, async () => {
      // Every open alarm of the street, so the tiles take their worst whatever severity the table shows.
      const where = street.value ? '&street=' + encodeURIComponent(street.value) : '';
      open = (await api('/alarms?status=open&limit=10000' + where)).items;
      if (!street.value) sync(open);
      const shown = severity.value ? open.filter(a => a.severity === severity.value) : open;
      if (!shown.length) return empty('alarm.none');
      offset = Math.min(offset, Math.floor((shown.length - 1) / ALARM_PAGE) * ALARM_PAGE);
      const page = shown.slice(offset, offset + ALARM_PAGE);
      return `<table id="alarm-table"><thead><tr>${['alarm.severity', 'alarm.lift', 'alarm.address', 'alarm.type', 'alarm.count',
        'alarm.age', 'alarm.state', 'alarm.actions'].map(k => `<th scope="col">${esc(t(k))}</th>`).join('')}</tr></thead><tbody>
        ${page.map(a => `<tr data-alarm="${a.id}" class="sev-${esc(a.severity)}">
          <td><span class="sev ${esc(a.severity)}">${esc(severityText(a.severity))}</span></td>
          <td><a href="#/lift/${esc(a.liftId)}">${esc(a.liftId)}</a></td>
          <td>${esc(a.address ?? a.place ?? '')}</td>
          <td class="type" data-type="${esc(a.type)}">${esc(typeText(a.type))}</td>
          <td>${a.count}</td>
          <td class="age" data-since="${esc(a.firstSeen)}">${esc(age(a.firstSeen))}</td>
          <td class="state">${esc(stateText(a))}</td>
          <td>${a.status === 'raised' ? `<button type="button" data-ack="${a.id}">${esc(t('alarm.acknowledge'))}</button>` : ''}
            <button type="button" data-clear="${a.id}">${esc(t('alarm.clear'))}</button></td></tr>`).join('')}</tbody></table>
        ${shown.length > ALARM_PAGE ? `<div class="pager"><button type="button" data-page="-1" ${offset ? '' : 'disabled'}>${esc(t('page.previous'))}</button>
          <span>${esc(t('page.rangeOf', offset + 1, offset + page.length, shown.length))}</span>
          <button type="button" data-page="1" ${offset + ALARM_PAGE < shown.length ? '' : 'disabled'}>${esc(t('page.next'))}</button></div>` : ''}`;
    });
  }
  const tileClass = (id, online) => `tile ${worst[id] ? 'sev-' + worst[id] : online ? 'online' : 'offline'}`;
  const tileState = (id, online) => worst[id] ? severityText(worst[id]) : t(online ? 'lift.online' : 'lift.offline');
  let worst = {};
  async function drawTiles() {
    worst = worstOf(open);
    const where = street.value ? '&street=' + encodeURIComponent(street.value) : '';
    const tiles = document.getElementById('tiles');
    if (!tiles) return; // the person has left the board while the alarms loaded
    await pagedTable(tiles, {
      columns: ['lift.address', 'lift.state'], emptyKey: 'lift.none', pageSize: 100,
      load: async (limit, offset) => (await api(`/lifts?limit=${limit}&offset=${offset}${where}`)).items,
      row: l => `<tr class="${tileClass(l.id, l.online)}" data-lift="${esc(l.id)}" data-online="${l.online}">
        <td><a href="#/lift/${esc(l.id)}">${esc(l.address)}</a> <small>${esc(l.id)}</small></td>
        <td class="tile-state">${esc(tileState(l.id, l.online))}</td></tr>`,
    });
  }
  /** A live event recolours the tiles shown, keeping the page of tiles the person is on. */
  function recolourTiles() {
    worst = worstOf(open);
    document.querySelectorAll('#tiles tr.tile').forEach(row => {
      const online = row.dataset.online === 'true';
      row.className = tileClass(row.dataset.lift, online);
      row.querySelector('.tile-state').textContent = tileState(row.dataset.lift, online);
    });
  }
  const refresh = async () => { if (document.getElementById('alarms')) { await drawAlarms(); await drawTiles(); } };
  const update = async () => { if (document.getElementById('alarms')) { await drawAlarms(); recolourTiles(); } };
  severity.onchange = () => { offset = 0; drawAlarms(); };
  street.onchange = () => { offset = 0; refresh(); };
  target.onclick = async e => {
    const {ack, clear, page} = e.target.dataset;
    if (page) {
      offset = Math.max(0, offset + Number(page) * ALARM_PAGE);
      await drawAlarms();
      return;
    }
    try {
      if (ack) {
        // The API records the signed-in account as who acted: the dialog only confirms.
        if (await ask('alarm.acknowledgeTitle', [])) await command(ack, 'acknowledge', {});
      } else if (clear) {
        const answer = await ask('alarm.clearTitle', [{name: 'reason', label: 'form.reason'}]);
        if (answer) await command(clear, 'clear', {reason: answer.reason});
      }
    } catch (err) {
      alertIn(target, err);
    }
    if (ack || clear) await update();
  };
  onAlarm(update);
  await refresh();
  live();
}

export function alertIn(target, err) {
  target.insertAdjacentHTML('afterbegin', `<p class="note error" role="alert" title="${esc(err.detail ?? '')}">${esc(t('state.error', err.message))}</p>`);
}

async function rescuesPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.rescues'))}</h1><div id="rescues"></div></section>`;
  const target = document.getElementById('rescues');
  const refresh = async () => {
    if (!document.getElementById('rescues')) return;
    await fill(target, async () => {
      // Every rescue not yet released, however long ago it was raised.
      const open = (await api('/rescues?open=true&limit=500')).items;
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
        const answer = await ask('rescue.dispatchTitle', [{name: 'technician', label: 'form.technician'}]);
        if (answer) await command(dispatch, 'dispatch', answer);
      } else if (arrived) {
        if (await ask('rescue.arrivedTitle', [])) await command(arrived, 'arrived', {});
      } else if (release) {
        const answer = await ask('rescue.releaseTitle', [{name: 'reason', label: 'form.cause'}]);
        if (answer) await command(release, 'clear', answer);
      }
    } catch (err) {
      alertIn(target, err);
    }
    if (dispatch || arrived || release) await refresh();
  };
  onAlarm(refresh);
  await refresh();
  live();
}

setInterval(() => document.querySelectorAll('td.age').forEach(td => { td.textContent = age(td.dataset.since); }), 1000);

export const maintenancePages = {alarms: alarmsPage, rescues: rescuesPage, lift: liftPage, plan: planPage};
