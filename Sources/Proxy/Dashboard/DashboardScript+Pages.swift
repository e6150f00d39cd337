extension DashboardScript {
    /// SVG bar charts.
    static let charts: StaticString = #"""
// A bar chart as SVG: points [{label, values: [..]}] stacked by series [{name, color}]; no library.
function barChart(id, title, points, series, format = fmt.int) {
  const width = 400, height = 150, left = 44, bottom = 18, top = 8;
  const totals = points.map(p => p.values.reduce((a, b) => a + b, 0));
  const max = Math.max(1e-9, ...totals);
  const step = (width - left) / Math.max(points.length, 1);
  const svg = h('svg', { class: 'chart', viewBox: `0 0 ${width} ${height + bottom}`, role: 'img', 'aria-label': title, 'data-testid': 'chart-' + id });
  for (const fraction of [0, 0.5, 1]) {
    const y = top + (height - top) * (1 - fraction);
    svg.append(h('line', { svg: true, x1: left, x2: width, y1: y, y2: y, stroke: '#dde1e8' }),
      h('text', { svg: true, x: left - 4, y: y + 3, 'text-anchor': 'end' }, format(max * fraction)));
  }
  points.forEach((point, index) => {
    let y = height;
    point.values.forEach((value, s) => {
      const barHeight = (height - top) * value / max;
      y -= barHeight;
      svg.append(h('rect', { svg: true, x: left + index * step + 1, y, width: Math.max(step - 2, 1), height: barHeight, fill: series[s].color },
        h('title', { svg: true }, `${point.label} ${series[s].name}: ${format(value)}`)));
    });
    if (points.length <= 12 || index % Math.ceil(points.length / 8) === 0) {
      svg.append(h('text', { svg: true, x: left + index * step + step / 2, y: height + 13, 'text-anchor': 'middle' }, point.label));
    }
  });
  return h('div', { class: 'card' }, h('h2', {}, title, ' ', series.length > 1 ? h('span', { class: 'muted' }, series.map(s => s.name).join(' / ')) : null), svg);
}
"""#

    /// The overview: tiles and charts from /v1/usage and /v1/admin/requests.
    static let overview: StaticString = #"""
pages.overview = async main => {
  const now = Date.now() / 1000;
  const [usage, recent] = await Promise.all([
    api(`/v1/usage?group_by=hour&from=${Math.floor(now - 86400)}&to=${Math.ceil(now + 1)}`),
    api('/v1/admin/requests?limit=100'),
  ]);
  const hours = usage.data;
  const sum = key => hours.reduce((a, g) => a + (g[key] || 0), 0);
  const latencies = recent.data.map(r => r.latency_ms).filter(v => v !== null).sort((a, b) => a - b);
  const quantile = q => latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] : null;
  main.append(h('div', { class: 'tiles', 'data-testid': 'tiles' },
    h('div', { class: 'tile' }, h('b', {}, fmt.int(sum('requests'))), 'requests, 24 h'),
    h('div', { class: 'tile' }, h('b', {}, fmt.int(sum('errors'))), 'errors, 24 h'),
    h('div', { class: 'tile' }, h('b', {}, fmt.ms(quantile(0.5))), 'p50 latency, last 100'),
    h('div', { class: 'tile' }, h('b', {}, fmt.ms(quantile(0.95))), 'p95 latency, last 100'),
    h('div', { class: 'tile' }, h('b', {}, fmt.int(sum('input_tokens') + sum('output_tokens'))), 'tokens, 24 h'),
    h('div', { class: 'tile' }, h('b', {}, fmt.usd(sum('cost_usd'))), 'cost, 24 h')));
  const label = g => g.group.slice(11, 16);
  main.append(h('div', { class: 'charts' },
    barChart('requests', 'Requests per hour', hours.map(g => ({ label: label(g), values: [g.requests - g.errors, g.errors] })),
      [{ name: 'ok', color: '#4f46e5' }, { name: 'errors', color: '#d92d20' }]),
    barChart('latency', 'Latency of the last requests', recent.data.slice().reverse().map(r => ({ label: '', values: [r.latency_ms || 0] })),
      [{ name: 'latency', color: '#0e9384' }], fmt.ms),
    barChart('tokens', 'Tokens per hour', hours.map(g => ({ label: label(g), values: [g.input_tokens, g.output_tokens] })),
      [{ name: 'input', color: '#6172f3' }, { name: 'output', color: '#a5b4fc' }]),
    barChart('cost', 'Cost per hour', hours.map(g => ({ label: label(g), values: [g.cost_usd] })), [{ name: 'cost', color: '#12805c' }], fmt.usd)));
};
"""#

    /// Providers (live) and the request log with a request's attempts.
    static let operations: StaticString = #"""
pages.providers = async main => {
  const holder = h('div');
  main.append(h('p', { class: 'muted' }, 'Refreshed every 5 seconds from the request outcomes.'), holder);
  const load = async () => {
    const list = await api('/v1/admin/providers');
    const win = w => `${fmt.int(w.requests)} / ${fmt.int(w.errors)} err · p50 ${fmt.ms(w.p50_ms)} · p95 ${fmt.ms(w.p95_ms)}`;
    holder.replaceChildren(table([
      ['Provider', p => h('b', {}, p.id)], ['Kind', p => p.kind], ['Host', p => p.base_url_host || '–'],
      ['Keys', p => p.keys ? `${p.keys.usable} usable · ${p.keys.cooling} cooling · ${p.keys.benched} benched` : '–'],
      ['Circuit', p => badge(p.circuit)], ['5 min', p => win(p.window_5m)], ['60 min', p => win(p.window_60m)],
      ['Last error', p => p.last_error ? `${p.last_error.status ?? ''} ${p.last_error.message} (${fmt.time(p.last_error.at)})` : '–'],
    ], list.data));
  };
  await load();
  every(5000, () => load().catch(() => {}));
};

pages.requests = async main => {
  const model = h('input', { name: 'model', placeholder: 'model' }), provider = h('input', { name: 'provider', placeholder: 'provider' });
  const status = h('input', { name: 'status', placeholder: 'status', size: 6 });
  const list = h('div'), detail = h('div', { 'data-testid': 'request-detail' });
  const load = async () => {
    const query = new URLSearchParams({ limit: '50' });
    for (const [name, input] of [['model', model], ['provider', provider], ['status', status]]) if (input.value.trim()) query.set(name, input.value.trim());
    try {
      const page = await api('/v1/admin/requests?' + query);
      list.replaceChildren(table([
        ['Time', r => fmt.time(r.created_at)], ['Request', r => h('code', {}, r.id)], ['Principal', r => r.principal], ['Model', r => r.model || '–'],
        ['Provider', r => r.provider || '–'], ['Status', r => badge(String(r.status), r.status < 400 ? 'ok' : 'bad')],
        ['Latency', r => fmt.ms(r.latency_ms)], ['Attempts', r => String(r.attempts.length)],
      ], page.data, open));
    } catch (error) { list.replaceChildren(errorBox(error)); }
  };
  const open = async row => {
    const r = await api('/v1/admin/requests/' + encodeURIComponent(row.id));
    detail.replaceChildren(h('h2', {}, 'Request ', h('code', {}, r.id)),
      h('p', {}, `${r.surface} · ${r.model || 'no model'} · ${r.route ? 'route ' + r.route + ' · ' : ''}${r.provider || 'no provider'} · status ${r.status}`
        + `${r.error_code ? ' (' + r.error_code + ')' : ''} · ${fmt.ms(r.latency_ms)} · first byte ${fmt.ms(r.ttfb_ms)} · ${r.input_tokens}+${r.output_tokens} tokens · ${fmt.usd(r.cost_usd)}`),
      h('div', { 'data-testid': 'attempts' }, table([
        ['#', a => String(r.attempts.indexOf(a) + 1)], ['Provider', a => a.provider], ['Key', a => h('code', {}, a.key)],
        ['Status', a => a.status === null ? 'no answer' : badge(String(a.status), a.status < 400 ? 'ok' : 'bad')],
        ['Duration', a => fmt.ms(a.duration_ms)], ['Error', a => a.error || '–'],
      ], r.attempts)),
      h('div', {}, r.request_body ? h('details', {}, h('summary', {}, 'Request body'), h('pre', {}, r.request_body)) : null));
    detail.scrollIntoView({ block: 'nearest' });
  };
  main.append(h('form', { class: 'row', onsubmit: event => { event.preventDefault(); load(); } }, model, provider, status,
    h('button', { type: 'submit' }, 'Filter')), list, detail);
  await load();
};
"""#
}
