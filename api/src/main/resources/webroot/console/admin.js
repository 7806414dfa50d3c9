// An administrator's pages: the registry's import (every bad row shown before anything is written) and
// export here; accounts, device credentials and rule settings in their own files.
import {csrfToken, esc, fill, has, pagedTable, t} from './core.js';
import {accountsPage, localPages} from './admin-accounts.js';
import {devicesPage} from './admin-devices.js';
import {rulesPage} from './admin-rules.js';

const IMPORTS = {'lifts.csv': 'text/csv', 'households.csv': 'text/csv', 'cards.csv': 'text/csv', 'registry.json': 'application/json'};

/**
 * A bad row's problem in the page's language, from its code and named parameters ({value}, {min}, …); the
 * API's English reason for a code this console does not know yet.
 */
const problemText = p => {
  const key = 'registry.problem.' + p.code;
  if (!p.code || !has(key)) return p.reason;
  return t(key).replace(/\{([a-zA-Z]+)\}/g, (all, name) => p.params?.[name] ?? all);
};

/**
 * Import: the file is checked first with ?dryRun=true, which writes nothing and names every bad row (line,
 * column, reason) in a table; only a file without problems is offered for import, which is all or nothing.
 */
async function registryPage(view) {
  view.innerHTML = `<section><h1>${esc(t('menu.registry'))}</h1>
    <form id="import-form" class="inline">
      <label>${esc(t('registry.kind'))} <select name="kind">${Object.keys(IMPORTS).map(k => `<option value="${k}">${esc(k)}</option>`).join('')}</select></label>
      <label>${esc(t('registry.file'))} <input type="file" name="file" accept=".csv,.json" required></label>
      <button>${esc(t('registry.preview'))}</button></form>
    <p class="hint">${esc(t('registry.howItWorks'))}</p>
    <div id="import-result"></div><div id="import-problems"></div>
    <h2>${esc(t('registry.export'))}</h2>
    <p><a href="/api/v1/registry/lifts.csv" download>lifts.csv</a> · <a href="/api/v1/registry/households.csv" download>households.csv</a>
    · <a href="/api/v1/registry/cards.csv" download>cards.csv</a> · <a href="/api/v1/registry" download="registry.json">registry.json</a></p></section>`;
  const form = document.getElementById('import-form');
  const result = document.getElementById('import-result');
  const problemsView = document.getElementById('import-problems');
  let checked = null;
  const send = async (dryRun) => {
    const path = checked.kind === 'registry.json' ? '/registry' : '/registry/' + checked.kind;
    const reply = await fetch(`/api/v1${path}?dryRun=${dryRun}`, {method: 'POST', body: checked.text,
      headers: {'content-type': IMPORTS[checked.kind], 'X-CSRF-Token': csrfToken()}, credentials: 'same-origin'});
    const body = await reply.json();
    if (!reply.ok) throw Object.assign(new Error(body.detail || reply.status), {body});
    return body;
  };
  const counts = c => t('registry.counts', c.organisations, c.stairwells, c.lifts, c.households, c.cards);
  const showProblems = answer => {
    problemsView.innerHTML = '';
    if (!answer || !answer.problemCount) return;
    return pagedTable(problemsView, {
      columns: ['registry.line', 'registry.field', 'registry.reason'], pageSize: 100, emptyKey: 'registry.noProblems',
      load: localPages(answer.problems),
      row: p => `<tr><td>${esc(p.line ?? p.entry)}</td><td>${esc(p.field ?? '—')}</td><td>${esc(problemText(p))}</td></tr>`,
    });
  };
  form.onsubmit = async e => {
    e.preventDefault();
    checked = {kind: form.kind.value, text: await form.file.files[0].text()};
    let preview = null;
    await fill(result, async () => {
      try {
        preview = await send(true);
      } catch (err) {
        return `<p class="note error" id="import-problem" role="alert">${esc(t('registry.refused', err.message))}</p>`;
      }
      if (preview.problemCount) {
        return `<p class="note error" id="import-problem" role="alert">${esc(t('registry.problems', preview.problemCount))}
          ${preview.problemsTruncated ? esc(t('registry.problemsCapped', preview.problems.length)) : ''}</p>`;
      }
      return `<p class="note ok" id="import-preview" role="status">${esc(t('registry.checked', counts(preview)))}</p>
          <button type="button" class="primary" id="import-now">${esc(t('registry.import'))}</button>`;
    });
    await showProblems(preview);
    const now = document.getElementById('import-now');
    if (now) {
      now.focus();
      now.onclick = async () => {
        let refused = null;
        await fill(result, async () => {
          try {
            return `<p class="note ok" id="import-done" role="status">${esc(t('registry.imported', counts(await send(false))))}</p>`;
          } catch (err) {
            refused = err.body;
            // Rows that went bad since the check are listed below in the page's language, not the English detail.
            const said = refused?.problemCount ? t('registry.problems', refused.problemCount) : t('registry.refused', err.message);
            return `<p class="note error" id="import-problem" role="alert">${esc(said)}</p>`;
          }
        });
        await showProblems(refused);
      };
    }
  };
}

export const adminPages = {accounts: accountsPage, registry: registryPage, devices: devicesPage, rules: rulesPage};
