// Bureau and city pages: grid supervision drilled district → street → community → lifts, compliance
// findings, the monthly report, audit verification.
import {api, dateTime, duration, empty, esc, fill, has, language, liftLink, pagedTable, session, shanghaiDay, t, values} from './core.js';

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
  // A role that reads no lift (the city) drills from a community to its grid cells, by /grid alone.
  if (level === 'lifts' && !session.pages.includes('lift')) {
    await fill(target, async () => {
      const to = new Date(), from = new Date(to - 30 * 86400e3);
      const cells = (await api(`/grid?level=grid&district=${encodeURIComponent(district)}&from=${from.toISOString()}&to=${to.toISOString()}`))
          .items.filter(u => String(u.grid).startsWith(`${district}/${street}/${community}/`));
      return cells.length ? unitTable(cells, 'grid', () => null, from, to) : empty('grid.none');
    });
    return;
  }
  if (level === 'lifts') {
    const query = `district=${encodeURIComponent(district)}&street=${encodeURIComponent(street)}&community=${encodeURIComponent(community)}`;
    target.insertAdjacentHTML('beforebegin', '<div id="grid-worst"></div>');
    fill(document.getElementById('grid-worst'), async () => {
      const to = new Date(), from = new Date(to - 30 * 86400e3);
      const unit = (await api(`/grid?level=community&district=${encodeURIComponent(district)}&from=${from.toISOString()}&to=${to.toISOString()}`))
          .items.find(u => u.community === `${district}/${street}/${community}`);
      return unit && unit.worstLifts.length ? `<h2>${esc(t('grid.worstLifts'))}</h2><p class="worst">${worstLinks(unit.worstLifts)}</p>` : '';
    });
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
    const link = name => level === 'district' ? `#/grid/street/${encodeURIComponent(name)}`
        : level === 'street' ? `#/grid/community/${encodeURIComponent(district)}/${encodeURIComponent(name)}`
        : `#/grid/lifts/${encodeURIComponent(district)}/${encodeURIComponent(street)}/${encodeURIComponent(name)}`;
    return unitTable(items, level, link, from, to);
  });
}

/** The units of a level worst first, each linked by `link(name)` (null: not linked). */
function unitTable(items, level, link, from, to) {
  items.sort((a, b) => badness(b) - badness(a) || String(a[level]).localeCompare(String(b[level])));
  const name = u => String(u[level]).split('/').pop();
  const unit = u => link(name(u)) ? `<a href="${link(name(u))}" data-unit="${esc(name(u))}">${esc(name(u))}</a>`
      : `<span data-unit="${esc(name(u))}">${esc(name(u))}</span>`;
  return `<p class="hint">${esc(t('grid.period', shanghaiDay(from), shanghaiDay(to)))}</p>
      <table id="grid-table"><thead><tr>${['grid.unit', 'grid.lifts', 'grid.online', 'grid.faults', 'grid.entrapments',
      'grid.arrival', 'grid.maintenanceOverdue', 'grid.inspectionOverdue', 'grid.worstLifts'].map(k => `<th scope="col">${esc(t(k))}</th>`).join('')}</tr></thead><tbody>
      ${items.map(u => `<tr><td>${unit(u)}</td><td>${u.lifts}</td>
        <td>${esc(pct(u.onlinePct))}</td><td>${esc(u.faultsPer100Lifts ?? '—')}</td><td>${esc(u.entrapmentsPer100Lifts ?? '—')}</td>
        <td class="arrival">${esc(u.rescues ? t('grid.arrivalTimes', duration(u.meanArrivalSeconds), duration(u.worstArrivalSeconds), u.rescues) : '—')}</td>
        <td>${esc(u.maintenanceOverdue)}</td><td>${esc(u.inspectionOverdue)}</td>
        <td class="worst">${worstLinks(u.worstLifts)}</td></tr>`).join('')}</tbody></table>`;
}

/** Worst first: entrapments weigh more than faults, then overdue maintenance and inspections, then offline lifts. */
const badness = u => (u.entrapmentsPer100Lifts ?? 0) * 5 + (u.faultsPer100Lifts ?? 0)
    + 100 * (u.maintenanceOverdue + u.inspectionOverdue) / Math.max(1, u.lifts) + (100 - (u.onlinePct ?? 100));

const worstLinks = lifts => (lifts || []).map(l => liftLink(l.liftId, l.address,
    `data-worst="${esc(l.liftId)}" title="${esc(t('grid.worstLift', l.faults, l.entrapments))}"`)).join('<br>') || '—';

/** A finding's sentence from its code and arguments, in the page's language; instants in Beijing time. */
function findingText(f) {
  const key = `finding.${f.finding}.text`;
  if (!has(key)) return f.detail ?? '';
  const shown = (f.args || []).map(a => a === null ? t('compliance.never')
      : typeof a === 'string' && /^\d{4}-\d\d-\d\dT/.test(a) ? dateTime(a) : a);
  return t(key, ...shown);
}

const FINDINGS = ['maintenance_overdue', 'maintenance_due_by_usage', 'quarterly_overdue', 'half_yearly_overdue', 'yearly_overdue',
  'inspection_overdue', 'inspection_due_soon', 'contract_missing', 'visit_without_inspection_mode', 'rescue_late'];

/** Findings as of a day, filtered by kind and street; the CSV export takes the same filters, in the page's language. */
async function compliancePage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.compliance'))}</h1><form class="inline filters" id="compliance-filters">
      <label>${esc(t('compliance.asOf'))} <input type="date" name="asOf" value="${shanghaiDay()}" required></label>
      <label>${esc(t('compliance.kind'))} <select name="finding"><option value="">${esc(t('compliance.allKinds'))}</option>${FINDINGS.map(f =>
        `<option value="${f}">${esc(t('finding.' + f))}</option>`).join('')}</select></label>
      <label>${esc(t('alarm.filterStreet'))} <select name="street"><option value="">${esc(t('alarm.allStreets'))}</option></select></label>
      <a id="compliance-csv" class="button" href="#">${esc(t('compliance.export'))}</a></form>
      <div id="compliance-counts"></div><div id="compliance"></div></section>`;
  const form = document.getElementById('compliance-filters');
  api('/streets').then(({items}) => form.street.insertAdjacentHTML('beforeend', items.map(s =>
    `<option value="${esc(s.street)}">${esc(s.street)}</option>`).join(''))).catch(() => {});
  const target = document.getElementById('compliance');
  let latest = 0;
  async function draw() {
    const mine = ++latest; // a filter changed again before the previous answer came: only the newest is drawn
    const {asOf, finding, street} = values(form);
    const query = `asOf=${encodeURIComponent(asOf)}${street ? '&street=' + encodeURIComponent(street) : ''}`;
    document.getElementById('compliance-csv').href = `/api/v1/compliance?${query}&format=csv&lang=${language() === 'en' ? 'en' : 'zh'}`;
    let report;
    try {
      report = await api('/compliance?' + query);
      if (mine !== latest) return;
    } catch (e) {
      await fill(target, () => Promise.reject(e));
      return;
    }
    const findings = finding ? report.findings.filter(f => f.finding === finding) : report.findings;
    document.getElementById('compliance-counts').innerHTML = `<dl class="cards">${Object.entries(report.counts).map(([k, n]) =>
      `<div><dt>${esc(t('finding.' + k))}</dt><dd data-finding="${esc(k)}">${n}</dd></div>`).join('')}</dl>`;
    await pagedTable(target, {columns: ['compliance.lift', 'compliance.address', 'compliance.finding', 'compliance.detail'],
      emptyKey: 'compliance.none',
      load: async (limit, offset) => findings.slice(offset, offset + limit),
      row: f => `<tr data-finding="${esc(f.finding)}"><td>${liftLink(f.liftId, f.liftId)}</td><td>${esc(f.address)}</td>
        <td>${esc(t('finding.' + f.finding))}</td><td class="finding-text" title="${esc(f.detail ?? '')}">${esc(findingText(f))}</td></tr>`});
  }
  form.onchange = draw;
  await draw();
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
      result.recordsChecked))}</p><p class="hint" id="audit-checkpoint">${esc(result.checkpoint
      ? t('audit.checkpoint', result.checkpoint.sequence, dateTime(result.checkpoint.createdAt)) : t('audit.noCheckpoint'))}</p>${result.breaks.length ? `<ul>${result.breaks.map(b => `<li>${esc(b.liftId)} #${esc(b.seq)}: ${esc(b.problem)}</li>`).join('')}</ul>` : ''}`;
  });
}

export const supervisionPages = {grid: gridPage, compliance: compliancePage, report: reportPage, audit: auditPage};
