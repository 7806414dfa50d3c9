// Bureau and city pages: grid supervision drilled district → street → community → lifts, compliance
// findings, the monthly report, audit verification.
import {api, empty, esc, fill, pagedTable, shanghaiDay, t} from './core.js';

const pct = v => v === null || v === undefined ? '—' : `${v}%`;

/** #/grid, #/grid/street/{district}, #/grid/community/{district}/{street}, #/grid/lifts/{district}/{street}/{community} */
async function gridPage(view, level = 'district', district, street, community) {
  const trail = [`<a href="#/grid">${esc(t('grid.all'))}</a>`];
  if (district) trail.push(`<a href="#/grid/street/${encodeURIComponent(district)}">${esc(district)}</a>`);
  if (street) trail.push(`<a href="#/grid/community/${encodeURIComponent(district)}/${encodeURIComponent(street)}">${esc(street)}</a>`);
  if (community) trail.push(esc(community));
  view.innerHTML = `<section><h1>${esc(t('menu.grid'))}</h1><nav class="trail" aria-label="${esc(t('grid.trail'))}">${trail.join(' › ')}</nav>
    <div id="grid"></div></section>`;
  const target = document.getElementById('grid');
  if (level === 'lifts') {
    const query = `district=${encodeURIComponent(district)}&street=${encodeURIComponent(street)}&community=${encodeURIComponent(community)}`;
    await pagedTable(target, {columns: ['lift.address', 'lift.state'], emptyKey: 'lift.none',
      load: async (limit, offset) => (await api(`/lifts?${query}&limit=${limit}&offset=${offset}`)).items,
      row: l => `<tr data-lift="${esc(l.id)}"><td><a href="#/lift/${esc(l.id)}">${esc(l.address)}</a></td>
        <td>${esc(t(l.online ? 'lift.online' : 'lift.offline'))}</td></tr>`});
    return;
  }
  await fill(target, async () => {
    const to = new Date(), from = new Date(to - 30 * 86400e3);
    const scope = district ? `&district=${encodeURIComponent(district)}` : '';
    let items = (await api(`/grid?level=${level}&from=${from.toISOString()}&to=${to.toISOString()}${scope}`)).items;
    // A unit is named by its path: "320116", "320116/Dongshan", "320116/Dongshan/Huayuan".
    if (street) items = items.filter(u => String(u[level]).startsWith(`${district}/${street}/`));
    if (!items.length) return empty('grid.none');
    const name = u => String(u[level]).split('/').pop();
    const link = u => level === 'district' ? `#/grid/street/${encodeURIComponent(name(u))}`
        : level === 'street' ? `#/grid/community/${encodeURIComponent(district)}/${encodeURIComponent(name(u))}`
        : `#/grid/lifts/${encodeURIComponent(district)}/${encodeURIComponent(street)}/${encodeURIComponent(name(u))}`;
    return `<table id="grid-table"><thead><tr>${['grid.unit', 'grid.lifts', 'grid.online', 'grid.faults', 'grid.entrapments',
      'grid.maintenanceOverdue', 'grid.inspectionOverdue'].map(k => `<th scope="col">${esc(t(k))}</th>`).join('')}</tr></thead><tbody>
      ${items.map(u => `<tr><td><a href="${link(u)}" data-unit="${esc(name(u))}">${esc(name(u))}</a></td><td>${u.lifts}</td>
        <td>${esc(pct(u.onlinePct))}</td><td>${esc(u.faultsPer100Lifts)}</td><td>${esc(u.entrapmentsPer100Lifts)}</td>
        <td>${esc(u.maintenanceOverdue)}</td><td>${esc(u.inspectionOverdue)}</td></tr>`).join('')}</tbody></table>`;
  });
}

async function compliancePage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.compliance'))}</h1><div id="compliance"></div></section>`;
  const report = await api('/compliance').catch(e => ({error: e}));
  const target = document.getElementById('compliance');
  if (report.error) {
    await fill(target, () => Promise.reject(report.error));
    return;
  }
  await pagedTable(target, {columns: ['compliance.lift', 'compliance.address', 'compliance.finding', 'compliance.detail'],
    emptyKey: 'compliance.none',
    load: async (limit, offset) => report.findings.slice(offset, offset + limit),
    row: f => `<tr><td><a href="#/lift/${esc(f.liftId)}">${esc(f.liftId)}</a></td><td>${esc(f.address)}</td>
      <td>${esc(t('finding.' + f.finding))}</td><td>${esc(f.detail ?? '')}</td></tr>`});
}

async function reportPage(view) {
  const month = shanghaiDay().slice(0, 7);
  view.innerHTML = `<section><h1>${esc(t('menu.report'))}</h1><form id="report-form" class="inline">
    <label>${esc(t('report.month'))} <input name="month" type="month" value="${month}" required></label></form>
    <p><a id="report-link" target="_blank" rel="noopener" href="/api/v1/reports/monthly?month=${month}&format=html">${esc(t('report.open'))}</a>
    · <a id="report-csv" href="/api/v1/reports/monthly?month=${month}&format=csv">${esc(t('report.csv'))}</a></p></section>`;
  document.getElementById('report-form').month.onchange = e => {
    document.getElementById('report-link').href = `/api/v1/reports/monthly?month=${e.target.value}&format=html`;
    document.getElementById('report-csv').href = `/api/v1/reports/monthly?month=${e.target.value}&format=csv`;
  };
}

async function auditPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.audit'))}</h1><button type="button" class="primary" id="verify">${esc(t('audit.verify'))}</button>
    <div id="audit"></div></section>`;
  document.getElementById('verify').onclick = () => fill(document.getElementById('audit'), async () => {
    const result = await api('/audit/verify');
    return `<p id="audit-result" class="${result.intact ? 'ok' : 'error'}">${esc(t(result.intact ? 'audit.intact' : 'audit.broken',
      result.recordsChecked))}</p>${result.breaks.length ? `<ul>${result.breaks.map(b => `<li>${esc(b.liftId)} #${esc(b.seq)}: ${esc(b.problem)}</li>`).join('')}</ul>` : ''}`;
  });
}

export const supervisionPages = {grid: gridPage, compliance: compliancePage, report: reportPage, audit: auditPage};
