// @ts-check
// flowmock console: the versions and aliases of the flow in the editor (PublishFlowVersion,
// ListFlowVersions, CreateFlowAlias, UpdateFlowAlias, DeleteFlowAlias, ListFlowAliases).
'use strict';

(() => {
  const { call, say, h } = window.fm;
  /** @type {(id: string) => any} */
  const $ = (id) => document.getElementById(id);
  const flow = () => $('flow-name').value.trim();

  async function load() {
    const name = flow();
    if (!name) return;
    try {
      const v = await call('ListFlowVersions', { FlowName: name, Limit: '100' });
      const a = await call('ListFlowAliases', { FlowName: name, Limit: 100 });
      $('version-list').replaceChildren(...(v.FlowVersions || []).map((x) =>
        h('li', { dataset: { version: x.Version } }, `version ${x.Version}`, h('span', { className: 'muted' }, ` ${x.Description || ''} · ${x.CreatedTime || ''}`))));
      $('alias-list').replaceChildren(...(a.Aliases || []).map((x) =>
        h('li', { dataset: { alias: x.Name } }, h('code', {}, x.Name), ' → ', routes(x.RoutingConfigurations))));
      say('versions-status', `${name}: ${(v.FlowVersions || []).length} versions, ${(a.Aliases || []).length} aliases.`);
    } catch (e) {
      say('versions-status', e.message);
    }
  }

  const routes = (rc) => (rc || []).map((r) => `${r.Version}:${r.Weight}`).join(', ');

  // routing reads "1:60, 2:40" (version:weight, …) into the JSON string the API takes.
  function routing(text) {
    const out = text.split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
      const m = /^(\d+)\s*:\s*(\d+)$/.exec(p);
      if (!m) throw new Error(`"${p}" is not version:weight`);
      return { Version: m[1], Weight: Number(m[2]) };
    });
    if (!out.length) throw new Error('name at least one version:weight');
    return JSON.stringify(out);
  }

  async function act(action, params) {
    try {
      await call(action, { FlowName: flow(), ...params });
      say('versions-status', `${action} done.`);
    } catch (e) {
      say('versions-status', e.message);
      return;
    }
    load();
  }

  $('publish-version').addEventListener('click', () => act('PublishFlowVersion', { Description: $('version-description').value.trim() }));
  $('versions-refresh').addEventListener('click', load);
  for (const [id, action] of [['create-alias', 'CreateFlowAlias'], ['update-alias', 'UpdateFlowAlias']]) {
    $(id).addEventListener('click', () => {
      let rc;
      try {
        rc = routing($('alias-routing').value);
      } catch (e) {
        say('versions-status', `Routing: ${e.message}. Nothing was sent.`);
        return;
      }
      act(action, { Name: $('alias-name').value.trim(), RoutingConfigurations: rc });
    });
  }
  $('delete-alias').addEventListener('click', () => act('DeleteFlowAlias', { Name: $('alias-name').value.trim() }));
})();
