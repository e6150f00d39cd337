extension DashboardScript {
    /// Jobs with live progress over the job stream (or a poll), and cancel.
    static let jobs: StaticString = #"""
// Follows one job: its SSE stream (GET /v1/jobs/<id>?stream=true) read with fetch, else a poll every second.
function follow(id, update) {
  const controller = new AbortController(), generation = state.generation;
  let stopped = generation !== state.generation;
  state.cleanup.push(() => { stopped = true; controller.abort(); });
  const poll = async () => {
    while (!stopped && generation === state.generation) {
      try { const job = await api('/v1/jobs/' + encodeURIComponent(id)); update(job); if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return; }
      catch (_) { return; }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  };
  (async () => {
    try {
      const response = await fetch(`/v1/jobs/${encodeURIComponent(id)}?stream=true`, { headers: headers({ Accept: 'text/event-stream' }), signal: controller.signal });
      if (!response.ok || !(response.headers.get('content-type') || '').startsWith('text/event-stream') || !response.body) return poll();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = buffer.slice(0, end).split('\n').filter(line => line.startsWith('data:')).map(line => line.slice(5).trimStart()).join('\n');
          buffer = buffer.slice(end + 2);
          if (data) { try { update(JSON.parse(data)); } catch (_) {} }
        }
      }
    } catch (error) { if (!stopped && error.name !== 'AbortError') poll(); }
  })();
}

pages.jobs = async main => {
  const holder = h('div'), followed = new Set(), rows = new Map();
  const row = job => {
    const bar = h('div', { style: `width: ${Math.round((job.progress ?? 0) * 100)}%` });
    const cells = h('tr', { 'data-job': job.id },
      h('td', {}, h('code', {}, job.id)), h('td', {}, job.model), h('td', {}, badge(job.status)),
      h('td', {}, h('div', { class: 'bar', role: 'progressbar', 'aria-valuenow': Math.round((job.progress ?? 0) * 100), 'data-testid': 'progress-' + job.id }, bar),
        h('span', { class: 'muted' }, ' ' + fmt.pct(job.progress) + ' ' + (job.message || ''))),
      h('td', {}, job.media.map(m => h('a', { href: m.url, target: '_blank' }, 'result '))),
      h('td', {}, ['queued', 'running'].includes(job.status)
        ? h('button', { class: 'danger', onclick: async () => { update(await api(`/v1/jobs/${job.id}/cancel`, { method: 'POST' })); } }, 'Cancel') : null));
    return cells;
  };
  const update = job => {
    const old = rows.get(job.id), fresh = row(job);
    rows.set(job.id, fresh);
    if (old) old.replaceWith(fresh);
  };
  const load = async () => {
    const list = await api('/v1/jobs?limit=50');
    for (const job of list.data) {
      if (!rows.has(job.id) || !followed.has(job.id)) rows.set(job.id, row(job));
      if (['queued', 'running'].includes(job.status) && !followed.has(job.id)) { followed.add(job.id); follow(job.id, update); }
    }
    const body = h('tbody', {}, list.data.map(job => rows.get(job.id)));
    holder.replaceChildren(list.data.length ? h('table', {}, h('thead', {}, h('tr', {},
      ['Job', 'Model', 'Status', 'Progress', 'Media', ''].map(c => h('th', {}, c)))), body) : h('p', { class: 'muted' }, 'No jobs yet.'));
  };
  main.append(h('p', { class: 'muted' }, 'Running jobs update live; the list refreshes every 3 seconds.'), holder);
  await load();
  every(3000, () => load().catch(() => {}));
};
"""#

    /// The media grid (videos inline, delete) and conversations.
    static let content: StaticString = #"""
pages.media = async main => {
  const holder = h('div', { class: 'grid', 'data-testid': 'media-grid' });
  const load = async () => {
    const list = await api('/v1/media?limit=60');
    holder.replaceChildren(...list.data.map(item => h('figure', { 'data-media': item.id },
      item.kind === 'video' ? h('video', { src: item.url, controls: true, muted: true, playsinline: true, preload: 'metadata' })
        : h('img', { src: item.url, alt: item.prompt || item.id, loading: 'lazy' }),
      h('figcaption', {}, h('span', { class: 'muted' }, `${item.model || item.kind} · ${fmt.time(item.created_at)}`),
        h('button', { class: 'danger', onclick: async () => { await api('/v1/media/' + encodeURIComponent(item.id), { method: 'DELETE' }); load(); } }, 'Delete')))));
    if (!list.data.length) holder.replaceChildren(h('p', { class: 'muted' }, 'No media yet.'));
  };
  main.append(holder);
  await load();
  every(5000, () => load().catch(() => {}));
};

pages.conversations = async main => {
  const list = h('div'), thread = h('div', { class: 'thread' });
  const text = content => typeof content === 'string' ? content
    : Array.isArray(content) ? content.map(part => part.text || part.output_text || (part.type ? `[${part.type}]` : '')).join('\n') : '';
  const open = async conversation => {
    thread.replaceChildren(h('h2', {}, conversation.title || conversation.id));
    const turns = [];
    let id = conversation.leaf_id;
    for (let depth = 0; id && depth < 30; depth++) {
      const [response, items] = await Promise.all([api('/v1/responses/' + encodeURIComponent(id)),
        api(`/v1/responses/${encodeURIComponent(id)}/input_items?order=asc&limit=100`)]);
      turns.unshift({ response, items: items.data });
      id = response.previous_response_id;
    }
    for (const turn of turns) {
      for (const item of turn.items) if (item.type === 'message' || item.role) thread.append(h('div', { class: 'msg ' + (item.role || '') }, h('b', {}, item.role || 'input'), '\n', text(item.content)));
      for (const item of turn.response.output || []) if (item.type === 'message') thread.append(h('div', { class: 'msg' }, h('b', {}, `${turn.response.model}`), '\n', text(item.content)));
    }
  };
  const page = await api('/v1/conversations?limit=50');
  list.replaceChildren(table([['Title', c => h('b', {}, c.title || '(untitled)')], ['Model', c => c.model], ['Turns', c => String(c.turns)],
    ['Updated', c => fmt.time(c.updated_at)]], page.data, c => open(c).catch(error => thread.replaceChildren(errorBox(error)))));
  main.append(list, thread);
};
"""#
}
