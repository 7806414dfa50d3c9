// An administrator's device credentials: find a lift by code or address, see whether it has MQTT
// credentials, issue or rotate them (the password shown once, with a warning), revoke them, and download
// Mosquitto's password and ACL files.
import {api, ask, dateTime, esc, pagedTable, say, t} from './core.js';

const FILES = '/api/v1/device-credentials/mosquitto/';

export async function devicesPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.devices'))}</h1>
    <form id="device-search" class="inline" role="search">
      <label>${esc(t('device.search'))} <input name="q" maxlength="100" autocomplete="off"></label>
      <button class="primary">${esc(t('device.find'))}</button></form>
    <div id="device-secret"></div><p class="note" id="device-note"></p><div id="devices"></div></section>
    <section><h2>${esc(t('device.files'))}</h2><p class="hint">${esc(t('device.filesHint'))}</p>
    <form id="acl-form" class="inline">
      <label>${esc(t('device.services'))} <input name="services" id="acl-services" value="liftwatch-ingest-1, liftwatch-alerts-1"></label>
      <a id="download-passwd" href="${FILES}liftwatch.passwd" download>liftwatch.passwd</a>
      <a id="download-acl" href="${FILES}liftwatch.acl" download>liftwatch.acl</a></form>
    <p class="note" id="acl-note"></p></section>`;
  const search = document.getElementById('device-search');
  const note = document.getElementById('device-note');
  const secret = document.getElementById('device-secret');
  const list = document.getElementById('devices');
  const services = document.getElementById('acl-services');
  const aclLink = document.getElementById('download-acl');
  const linkAcl = () => {
    const names = services.value.split(/[\s,，]+/).filter(Boolean);
    const wrong = names.find(n => !/^[A-Za-z][A-Za-z0-9._-]{0,63}$/.test(n));
    say(document.getElementById('acl-note'), wrong ? t('device.badService', wrong) : '', Boolean(wrong));
    aclLink.href = `${FILES}liftwatch.acl` + (names.length ? '?' + names.map(n => 'service=' + encodeURIComponent(n)).join('&') : '');
  };
  services.oninput = linkAcl;
  linkAcl();

  const draw = () => pagedTable(list, {
    columns: ['device.lift', 'lift.address', 'device.model', 'device.state', 'device.issuedBy', 'device.issuedAt', 'alarm.actions'],
    emptyKey: 'device.none',
    load: async (limit, offset) => (await api(`/device-credentials?q=${encodeURIComponent(search.q.value.trim())}`
      + `&limit=${limit}&offset=${offset}`)).items,
    row: d => `<tr data-lift="${esc(d.liftId)}"><td>${esc(d.liftId)}</td><td>${esc(d.address)}</td><td>${esc(d.model ?? '')}</td>
      <td class="device-state">${esc(t(d.issued ? 'device.issued' : 'device.notIssued'))}</td><td>${esc(d.issuedBy ?? '—')}</td>
      <td>${esc(d.issued ? dateTime(d.issuedAt) : '—')}</td>
      <td class="actions"><button type="button" data-do="issue" data-id="${esc(d.liftId)}">${esc(t(d.issued ? 'device.rotate' : 'device.issue'))}</button>
      ${d.issued ? `<button type="button" data-do="revoke" data-id="${esc(d.liftId)}">${esc(t('device.revoke'))}</button>` : ''}</td></tr>`,
  });
  search.onsubmit = e => {
    e.preventDefault();
    draw();
  };
  list.addEventListener('click', async e => {
    const button = e.target.closest('button[data-do]');
    if (!button) return;
    const lift = button.dataset.id;
    const rotating = button.textContent === t('device.rotate');
    // Issued credentials are recorded as the signed-in account: the dialog only confirms.
    if (!await ask(button.dataset.do === 'revoke' ? 'device.revokeTitle' : rotating ? 'device.rotateTitle' : 'device.issueTitle', [])) return;
    try {
      if (button.dataset.do === 'revoke') {
        await api(`/lifts/${lift}/device-credentials`, {method: 'DELETE'});
        secret.innerHTML = '';
        say(note, t('device.revoked', lift));
      } else {
        const issued = await api(`/lifts/${lift}/device-credentials`, {method: 'POST', body: {}});
        showSecret(secret, issued);
        say(note, '');
      }
      await draw();
    } catch (err) {
      say(note, t('state.error', err.message), true);
    }
  });
  await draw();
}

/** The new password, once: it is not kept anywhere the console could show it again. */
function showSecret(target, issued) {
  target.innerHTML = `<div class="note error" id="device-password" role="alert"><p>${esc(t('device.secretWarning'))}</p>
    <p>${esc(t('device.username'))}: <code>${esc(issued.username)}</code></p>
    <p>${esc(t('device.password'))}: <code id="device-password-value">${esc(issued.password)}</code></p>
    <p>${esc(t('device.reloadBroker'))}</p>
    <button type="button" id="device-password-done">${esc(t('device.secretSaved'))}</button></div>`;
  const done = document.getElementById('device-password-done');
  done.focus();
  done.onclick = () => { target.innerHTML = ''; };
}
