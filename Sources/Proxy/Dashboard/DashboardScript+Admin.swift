extension DashboardScript {
    /// Keys and teams: create, limits, revoke, rotate; a new secret shown once.
    static let keys: StaticString = #"""
// A new secret is shown once, here, and kept nowhere else: the server answers it only on create and rotate.
function secretBox(holder, title, key) {
  holder.replaceChildren(h('div', { class: 'secret', 'data-testid': 'new-secret' }, h('b', {}, title), h('br'),
    'Copy it now: it is shown only this once. ', h('code', {}, key.key)));
}

pages.keys = async main => {
  const secret = h('div'), list = h('div'), teams = h('div');
  const name = h('input', { name: 'name', placeholder: 'Key name', required: true });
  const team = h('select', { name: 'team_id' }, h('option', { value: '' }, 'no team'));
  const budget = h('input', { name: 'budget', placeholder: 'Budget USD/month', size: 14, type: 'number', step: '0.01', min: '0' });
  const rpm = h('input', { name: 'rpm', placeholder: 'Requests/min', size: 10, type: 'number', min: '1' });
  const limits = () => {
    const body = {};
    if (budget.value) body.budget = { usd: Number(budget.value), period: 'month' };
    if (rpm.value) body.rate_limit = { rpm: Number(rpm.value) };
    return body;
  };
  const load = async () => {
    const [keys, teamList] = await Promise.all([api('/v1/admin/keys?limit=100'), api('/v1/admin/teams?limit=100')]);
    team.replaceChildren(h('option', { value: '' }, 'no team'), ...teamList.data.map(t => h('option', { value: t.id }, t.name)));
    list.replaceChildren(table([
      ['Name', k => h('b', {}, k.name)], ['Id', k => h('code', {}, k.id)], ['Secret', k => h('code', {}, k.key_hint)],
      ['Team', k => teamList.data.find(t => t.id === k.team_id)?.name || '–'],
      ['Limits', k => [k.budget ? `${fmt.usd(k.budget.usd)}/${k.budget.period}` : null, k.rate_limit?.rpm ? `${k.rate_limit.rpm} rpm` : null].filter(Boolean).join(' · ') || '–'],
      ['Spend', k => fmt.usd(k.spend_usd)], ['State', k => badge(k.disabled ? 'revoked' : 'active', k.disabled ? 'bad' : 'ok')],
      ['', k => h('span', { class: 'row' },
        h('button', { class: 'secondary', 'data-action': 'rotate', onclick: async () => {
          if (!confirm(`Rotate ${k.name}? Its old secret stops working at once.`)) return;
          secretBox(secret, `New secret of ${k.name}`, await api(`/v1/admin/keys/${k.id}/rotate`, { method: 'POST' })); load();
        } }, 'Rotate'),
        h('button', { class: 'secondary', 'data-action': 'limits', onclick: async () => {
          const body = limits();
          if (!Object.keys(body).length) return alert('Fill in a budget or requests/min above first.');
          await api(`/v1/admin/keys/${k.id}`, { method: 'PATCH', body }); load();
        } }, 'Set limits'),
        k.disabled ? null : h('button', { class: 'danger', 'data-action': 'revoke', onclick: async () => {
          await api(`/v1/admin/keys/${k.id}`, { method: 'PATCH', body: { disabled: true } }); load();
        } }, 'Revoke'))],
    ], keys.data));
    teams.replaceChildren(table([['Team', t => h('b', {}, t.name)], ['Id', t => h('code', {}, t.id)],
      ['Budget', t => t.budget ? `${fmt.usd(t.budget.usd)}/${t.budget.period}` : '–']], teamList.data));
  };
  const teamName = h('input', { name: 'team', placeholder: 'Team name', required: true });
  main.append(secret,
    h('form', { class: 'row', 'data-testid': 'create-key', onsubmit: async event => {
      event.preventDefault();
      try {
        const created = await api('/v1/admin/keys', { method: 'POST', body: Object.assign({ name: name.value.trim() }, team.value ? { team_id: team.value } : {}, limits()) });
        secretBox(secret, `Secret of ${created.name}`, created);
        name.value = '';
        await load();
      } catch (error) { secret.replaceChildren(errorBox(error)); }
    } }, name, team, budget, rpm, h('button', { type: 'submit' }, 'Create key')),
    list, h('h2', {}, 'Teams'),
    h('form', { class: 'row', onsubmit: async event => {
      event.preventDefault();
      try { await api('/v1/admin/teams', { method: 'POST', body: { name: teamName.value.trim() } }); teamName.value = ''; await load(); }
      catch (error) { secret.replaceChildren(errorBox(error)); }
    } }, teamName, h('button', { type: 'submit' }, 'Create team')), teams);
  await load();
};
"""#

    /// Usage: group-by table, date range, CSV download.
    static let usage: StaticString = #"""
pages.usage = async main => {
  const day = 86400000, iso = d => new Date(d).toISOString().slice(0, 10);
  const group = h('select', { name: 'group_by' }, ['model', 'provider', 'key', 'team', 'route', 'tag', 'day', 'hour'].map(g => h('option', { value: g }, g)));
  const from = h('input', { type: 'date', name: 'from', value: iso(Date.now() - 7 * day) });
  const to = h('input', { type: 'date', name: 'to', value: iso(Date.now() + day) });
  const holder = h('div');
  const query = () => `/v1/usage?group_by=${group.value}&from=${from.value}T00:00:00Z&to=${to.value}T00:00:00Z`;
  const load = async () => {
    try {
      const usage = await api(query());
      holder.replaceChildren(table([
        [usage.group_by, g => h('b', {}, g.group)], ['Requests', g => fmt.int(g.requests)], ['Errors', g => fmt.int(g.errors)],
        ['Input tokens', g => fmt.int(g.input_tokens)], ['Output tokens', g => fmt.int(g.output_tokens)], ['Images', g => fmt.int(g.images)],
        ['Video s', g => String(g.video_seconds)], ['Cost', g => fmt.usd(g.cost_usd)],
      ], usage.data));
    } catch (error) { holder.replaceChildren(errorBox(error)); }
  };
  const csv = async () => {
    const response = await fetch(query(), { headers: headers({ Accept: 'text/csv' }) });
    const link = h('a', { href: URL.createObjectURL(await response.blob()), download: `prism-usage-${group.value}.csv` });
    document.body.append(link); link.click(); link.remove();
  };
  main.append(h('form', { class: 'row', onsubmit: event => { event.preventDefault(); load(); } }, 'Group by', group, 'from', from, 'to', to,
    h('button', { type: 'submit' }, 'Show'), h('button', { type: 'button', class: 'secondary', 'data-action': 'csv', onclick: csv }, 'Download CSV')), holder);
  await load();
};
"""#
}
