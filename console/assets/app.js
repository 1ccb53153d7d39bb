// @ts-check
// flowmock console: the mock's health and the hot-reload banner (GET /_mock/health, every two
// seconds), and the control-plane error banner's Dismiss. The other views are in their own
// files: scenarios.js (the session's scenario), journal.js (the request journal), session.js,
// flows.js, exec.js, versions.js; api.js holds the clients.
'use strict';

(() => {
  const HEALTH_EVERY_MS = 2000;
  const { control, ok, clearError } = window.fm;
  /** @type {(id: string) => HTMLElement} */
  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

  async function pollHealth() {
    try {
      const h = await ok(control.GET('/_mock/health'));
      $('health').textContent = `Mock ${h.status || 'up'} · uptime ${h.uptime || '?'} · journal ${h.journal ?? '?'} records`;
      $('health').classList.remove('down');
      const r = h.reload;
      if (r && r.ok === false && r.error) {
        $('reload-error').textContent = (r.kind ? `${r.kind}: ` : '') + r.error;
        $('reload-at').textContent = r.at ? `at ${new Date(r.at).toLocaleTimeString()}` : '';
        $('reload-banner').hidden = false;
      } else {
        $('reload-banner').hidden = true;
      }
      // Tests may switch the session's scenario through the control plane too.
      await window.fmScenarios.refresh().catch(() => {});
    } catch (e) {
      $('health').textContent = `Mock unreachable: ${e.message}`;
      $('health').classList.add('down');
    }
    setTimeout(pollHealth, HEALTH_EVERY_MS);
  }

  $('error-dismiss').addEventListener('click', clearError);
  // Every script has run by DOMContentLoaded, so the views pollHealth reaches are there.
  document.addEventListener('DOMContentLoaded', () => pollHealth());
})();
