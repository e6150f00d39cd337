/// The dashboard's JavaScript, in parts served as one file (`/dashboard/app.js`): the core (API calls, the
/// key, navigation, SVG charts) here, the pages in `DashboardScript+*.swift`. Everything it shows comes from
/// the documented endpoints; text from the server is always set as text, never parsed as HTML.
enum DashboardScript {
    /// The parts in the order they are served.
    static let parts: [StaticString] = [core, charts, overview, operations, keys, usage, jobs, content]

    /// API calls with the key, the element builder, navigation, login.
    static let core: StaticString = #"""
'use strict';
const state = { key: sessionStorage.getItem('prism.key') || '', admin: false, cleanup: [], generation: 0 };
const $ = (selector, root = document) => root.querySelector(selector);

// h('div', {class: 'x', onclick: f}, 'text', child…): elements built from text, never from HTML strings.
function h(tag, attrs, ...children) {
  const el = document.createElementNS(tag === 'svg' || attrs?.svg ? 'http://www.w3.org/2000/svg' : 'http://www.w3.org/1999/xhtml', tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === 'svg' || value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'style') el.style.cssText = value;  // through the CSSOM: the page's CSP refuses style attributes
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

class ApiError extends Error { constructor(status, message) { super(message); this.status = status; } }

function headers(extra) {
  const fields = Object.assign({}, extra || {});
  if (state.key) fields['Authorization'] = 'Bearer ' + state.key;
  return fields;
}

async function api(path, options = {}) {
  const init = { method: options.method || 'GET', headers: headers(options.headers) };
  if (options.body !== undefined) { init.body = JSON.stringify(options.body); init.headers['Content-Type'] = 'application/json'; }
  const response = await fetch(path, init);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (_) { json = null; }
  if (!response.ok) throw new ApiError(response.status, json?.error?.message || (response.status + ' ' + response.statusText));
  return json;
}

const fmt = {
  int: n => (n ?? 0).toLocaleString('en-US'),
  usd: n => '$' + (n ?? 0).toFixed((n ?? 0) < 1 ? 4 : 2),
  ms: n => n === null || n === undefined ? '–' : (n >= 1000 ? (n / 1000).toFixed(2) + ' s' : Math.round(n) + ' ms'),
  time: s => s ? new Date(s * 1000).toLocaleString() : '–',
  pct: f => Math.round((f ?? 0) * 100) + '%',
};

function errorBox(error) { return h('p', { class: 'error', role: 'alert' }, error.message || String(error)); }

// Every page: a function of the page element; it may push cleanups (timers, streams) to state.cleanup.
const pages = {};
const adminPages = ['overview', 'providers', 'keys', 'usage', 'jobs', 'media', 'conversations', 'requests'];
const keyPages = ['usage', 'jobs', 'media', 'conversations'];
const titles = { overview: 'Overview', providers: 'Providers', keys: 'Keys & teams', usage: 'Usage', jobs: 'Jobs', media: 'Media',
  conversations: 'Conversations', requests: 'Requests' };

// A page that is left may still be awaiting its data: it then draws into its own detached section, and its
// timers stop at their next tick, since the page generation moved on.
function every(ms, work) {
  const generation = state.generation;
  const timer = setInterval(() => generation === state.generation ? work() : clearInterval(timer), ms);
  state.cleanup.push(() => clearInterval(timer));
}

async function show() {
  for (const stop of state.cleanup.splice(0)) { try { stop(); } catch (_) {} }
  const allowed = state.admin ? adminPages : keyPages;
  let name = location.hash.slice(1).split('/')[0];
  if (!allowed.includes(name)) name = allowed[0];
  const nav = $('#nav');
  nav.replaceChildren(...allowed.map(page => h('a', { href: '#' + page, class: page === name ? 'active' : null }, titles[page])));
  state.generation += 1;
  const section = h('section', { 'data-page': name }, h('h1', {}, titles[name]));
  $('#main').replaceChildren(section);
  try { await pages[name](section); } catch (error) { section.append(errorBox(error)); }
}

// Who is this? The admin reads the providers; a managed key is refused (403) and sees its own pages.
async function identify() {
  try { await api('/v1/admin/providers'); state.admin = true; return true; } catch (error) {
    if (error.status === 403) { state.admin = false; return true; }
    if (error.status === 401) return false;
    throw error;
  }
}

function login(message) {
  $('#nav').replaceChildren();
  $('#logout').hidden = true;
  const input = h('input', { type: 'password', name: 'key', placeholder: 'Admin key or API key', autocomplete: 'off', size: 40, required: true });
  const form = h('form', { class: 'card login', onsubmit: async event => {
    event.preventDefault();
    state.key = input.value.trim();
    if (await identify()) { sessionStorage.setItem('prism.key', state.key); start(); } else login('That key was not accepted.');
  } }, h('h1', {}, 'Prism'), h('p', { class: 'muted' }, 'Enter a key to open the dashboard.'),
    message ? h('p', { class: 'error' }, message) : null, h('div', { class: 'row' }, input, h('button', { type: 'submit' }, 'Log in')));
  $('#main').replaceChildren(form);
  input.focus();
}

async function start() {
  if (!(await identify())) { state.key = ''; sessionStorage.removeItem('prism.key'); return login(); }
  $('#logout').hidden = !state.key;
  show();
}

document.addEventListener('DOMContentLoaded', () => {
  $('#logout').addEventListener('click', () => { sessionStorage.removeItem('prism.key'); state.key = ''; login(); });
  window.addEventListener('hashchange', show);
  start().catch(error => $('#main').replaceChildren(errorBox(error)));
});

function table(columns, rows, onRow) {
  return h('table', {}, h('thead', {}, h('tr', {}, columns.map(c => h('th', {}, c[0])))),
    h('tbody', {}, rows.length ? rows.map(row => h('tr', { class: onRow ? 'click' : null, onclick: onRow ? () => onRow(row) : null },
      columns.map(c => h('td', {}, c[1](row))))) : h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, 'Nothing yet.'))));
}

function badge(text, kind) { return h('span', { class: 'badge ' + (kind || text) }, text); }
"""#
}
