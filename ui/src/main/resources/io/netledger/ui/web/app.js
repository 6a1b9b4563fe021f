// The Infrastructure page: one EventSource on /events, a snapshot then patches of entities
// (host:<id>, container:<id>, network:<id>, mesh, rejections, log). Each patch marks what it
// touched; one animation frame redraws only those parts. Text goes into the DOM through
// textContent, never through HTML, so nothing read from the log can inject markup.
'use strict';

const state = { hosts: new Map(), containers: new Map(), networks: new Map(), byHost: new Map(),
  mesh: null, rejections: null, log: null, version: -1, at: 0, caughtUp: false, feed: null };
const dirty = { hosts: new Set(), networks: false, mesh: false, rejections: false, log: false, all: false };
const lagSince = new Map();     // host id -> when the page first saw it behind (ms)
const LAG_MS = 3000;            // behind for longer than this: the card stands out
const STALE_MS = 30000;         // agents report at least every 10 s
let frame = 0;
let firstRender = true;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

const fmt = new Intl.NumberFormat('en');
function ago(ms) {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  return s < 60 ? s + ' s ago' : s < 3600 ? Math.round(s / 60) + ' min ago' : Math.round(s / 3600) + ' h ago';
}
function clock(ms) { return new Date(ms).toLocaleTimeString(); }

// ---- applying what the server sends -------------------------------------------------------

function put(id, json) {
  const colon = id.indexOf(':');
  const kind = colon < 0 ? id : id.slice(0, colon);
  const key = colon < 0 ? null : id.slice(colon + 1);
  if (kind === 'container') {
    const old = state.containers.get(key);
    if (old) { state.byHost.get(old.hostId)?.delete(key); dirty.hosts.add(old.hostId); }
    if (json) {
      state.containers.set(key, json);
      if (!state.byHost.has(json.hostId)) state.byHost.set(json.hostId, new Map());
      state.byHost.get(json.hostId).set(key, json);
      dirty.hosts.add(json.hostId);
    } else {
      state.containers.delete(key);
    }
  } else if (kind === 'host') {
    if (json) state.hosts.set(key, json); else state.hosts.delete(key);
    dirty.hosts.add(key);
  } else if (kind === 'network') {
    if (json) state.networks.set(key, json); else state.networks.delete(key);
    dirty.networks = true;
  } else if (kind === 'mesh' || kind === 'rejections' || kind === 'log') {
    state[kind] = json;
    dirty[kind] = true;
  }
}

function snapshot(msg) {
  state.hosts.clear(); state.containers.clear(); state.networks.clear(); state.byHost.clear();
  state.mesh = state.rejections = state.log = null;
  for (const [id, json] of Object.entries(msg.entities)) put(id, json);
  meta(msg);
  dirty.all = true;
  schedule();
}

function patch(msg) {
  for (const [id, json] of Object.entries(msg.changes)) put(id, json);
  meta(msg);
  schedule();
}

function meta(msg) {
  state.version = msg.version;
  state.at = msg.at;
  state.caughtUp = msg.caughtUp;
  if ('feed' in msg) state.feed = msg.feed;
}

function schedule() {
  if (!frame) frame = requestAnimationFrame(render);
}

// ---- drawing -------------------------------------------------------------------------------

function render() {
  frame = 0;
  const all = dirty.all;
  if (all) for (const id of new Set([...state.hosts.keys(), ...state.byHost.keys(), ...hostCardIds()])) dirty.hosts.add(id);
  for (const id of dirty.hosts) renderHost(id);
  if (all || dirty.hosts.size) document.getElementById('host-count').textContent = '(' + state.hosts.size + ')';
  if (all || dirty.networks) renderNetworks();
  if (all || dirty.mesh) renderMesh();
  if (all || dirty.rejections) renderRejections();
  if (all || dirty.log) renderLog();
  dirty.hosts.clear(); dirty.networks = dirty.mesh = dirty.rejections = dirty.log = dirty.all = false;
  renderFeed();
  const root = document.documentElement;
  if (firstRender) {
    firstRender = false;
    root.dataset.firstRenderMs = Math.round(performance.now());
  }
  root.dataset.version = state.version;
}

function hostCardIds() {
  return [...document.querySelectorAll('#hosts > .card')].map(c => c.dataset.host);
}

function renderHost(id) {
  const box = document.getElementById('hosts');
  const old = document.getElementById('host-' + id);
  const h = state.hosts.get(id);
  const containers = state.byHost.get(id);
  if (!h && (!containers || containers.size === 0)) {
    if (old) old.remove();
    if (!box.querySelector('.card')) box.replaceChildren(el('p', { class: 'empty', text: 'No host yet.' }));
    return;
  }
  const card = hostCard(id, h || { id, registered: false, tunnels: [], blocks: [], agent: null, lag: 0 }, containers);
  if (old) { old.replaceWith(card); return; }
  box.querySelector('.empty')?.remove();
  const after = [...box.children].find(c => c.dataset.host > id);
  box.insertBefore(card, after || null);
}

function hostCard(id, h, containers) {
  const card = el('article', { class: 'card', id: 'host-' + id, 'data-host': id });
  const a = h.agent;
  const badge = !a ? el('span', { class: 'pill none', text: 'no agent report' })
    : el('span', { class: 'pill ' + (a.health === 'HEALTHY' ? 'ok' : a.health === 'DEGRADED' || a.health === 'FAILED' ? 'bad' : 'wait'),
      text: 'agent ' + a.health.toLowerCase().replace('_', ' ') });
  const sameName = h.hostname && h.hostname.toLowerCase() === id.toLowerCase();
  card.append(el('h3', null, el('span', { text: h.hostname || id }), sameName ? null : el('span', { class: 'dim', text: id }),
    el('span', { class: 'mono', text: h.underlayIp || 'not registered' }), badge,
    a ? el('span', { class: 'dim gen', text: 'generation ' + a.appliedGeneration + ' of ' + h.desiredGeneration }) : null));
  const facts = [];
  for (const t of h.tunnels) facts.push(['tunnel ' + t.ip + ' in ' + t.networkId]);
  if (h.blocks.length) facts.push(['block' + (h.blocks.length > 1 ? 's ' : ' ') + h.blocks.join(', ')]);
  if (a) facts.push(['reported ', el('span', { class: 'ago', 'data-at': a.reportedAt, text: ago(a.reportedAt) })]);
  if (facts.length) card.append(el('div', { class: 'facts' }, ...facts.flatMap((f, i) => i ? [' · ', ...f] : f)));
  card.append(el('div', { class: 'alert' }));
  if (a && a.errors.length) {
    card.append(el('div', { class: 'facts' }, a.errors.length + ' object(s) failed: ',
      a.errors.slice(0, 3).map(e => e.kind + ' ' + e.id + ': ' + e.message).join('; ')));
  }
  if (a && a.message) card.append(el('div', { class: 'facts', text: a.message }));
  const rows = [...(containers ? containers.values() : [])].sort((x, y) => (x.name || x.id).localeCompare(y.name || y.id, 'en', { numeric: true }));
  if (rows.length === 0) {
    card.append(el('p', { class: 'empty', text: 'No container.' }));
  } else {
    const body = el('tbody');
    for (const c of rows) {
      body.append(el('tr', { id: 'container-' + c.id, 'data-container': c.id },
        el('td', { class: 'name', text: c.name || c.id }),
        el('td', { class: 'service', text: c.service ? c.service + (c.stack ? ' / ' + c.stack : '') : '' }),
        el('td', { class: 'ip', text: c.ip + '/' + c.prefixLength }),
        el('td', { class: 'mac', text: c.mac || '' }),
        el('td', { class: 'block', text: (c.block || '') + (c.borrowed ? ' (borrowed)' : '') }),
        el('td', null, el('a', { href: '/api/containers/' + encodeURIComponent(c.id) + '/history', 'data-why': c.id,
          title: 'why does it have this address?', text: 'why' }))));
    }
    // A long list scrolls inside its card, so every host, the networks and the mesh stay in view.
    card.append(el('div', { class: 'rows' }, el('table', null, el('thead', null, el('tr', null,
      ...[rows.length + ' container' + (rows.length > 1 ? 's' : ''), 'service / stack', 'IP', 'MAC', 'block', '']
        .map(t => el('th', { text: t })))), body)));
  }
  flag(card, h);
  return card;
}

// Lagging and silent agents stand out; judged here against the browser's clock, once a second.
function flag(card, h) {
  const a = h.agent;
  const now = Date.now();
  let alert = '';
  let cls = '';
  if (h.lag > 0) {
    if (!lagSince.has(h.id)) lagSince.set(h.id, now);
  } else {
    lagSince.delete(h.id);
  }
  if (a && (a.health === 'DEGRADED' || a.health === 'FAILED')) {
    cls = 'unhealthy'; alert = 'agent ' + a.health.toLowerCase();
  } else if (a && now - a.reportedAt > STALE_MS) {
    cls = 'unhealthy'; alert = 'agent silent: last report ' + ago(a.reportedAt);
  } else if (h.lag > 0 && now - lagSince.get(h.id) > LAG_MS) {
    cls = 'lagging';
    alert = a ? 'lagging: ' + h.lag + ' generation' + (h.lag > 1 ? 's' : '') + ' behind for ' + Math.round((now - lagSince.get(h.id)) / 1000) + ' s'
      : 'no agent has reported for this host';
  }
  card.classList.toggle('lagging', cls === 'lagging');
  card.classList.toggle('unhealthy', cls === 'unhealthy');
  const box = card.querySelector('.alert');
  if (box.textContent !== alert) box.textContent = alert;
}

function renderNetworks() {
  const box = document.getElementById('networks');
  const nets = [...state.networks.values()].sort((x, y) => x.id.localeCompare(y.id));
  if (nets.length === 0) { box.replaceChildren(el('p', { class: 'empty', text: 'No network yet.' })); return; }
  box.replaceChildren(...nets.map(n => {
    const bar = el('div', { class: 'bar', title: n.blocksClaimed + ' of ' + n.blocksTotal + ' blocks claimed' });
    for (const [host, count] of Object.entries(n.blocksByHost)) {
      const seg = el('span', { title: host + ': ' + count + ' block' + (count > 1 ? 's' : '') });
      seg.style.width = (n.blocksTotal ? 100 * count / n.blocksTotal : 0) + '%';
      bar.append(seg);
    }
    return el('div', { class: 'net', id: 'network-' + n.id },
      el('div', null, el('strong', { text: n.name || n.id }), ' ', el('span', { class: 'mono', text: n.cidr }),
        el('span', { class: 'dim', text: ' · VNI ' + n.vni + ' · ' + (n.encryption === 'IPSEC' ? 'IPsec encrypted' : 'not encrypted')
          + ' · MTU ' + n.mtu + ' · ' + n.dnsDomain })),
      bar,
      el('div', { class: 'dim usage', text: fmt.format(n.blocksClaimed) + ' of ' + fmt.format(n.blocksTotal) + ' /' + n.blockPrefixLength
        + ' blocks used, ' + fmt.format(n.blocksTotal - n.blocksClaimed) + ' free · ' + fmt.format(n.held) + ' of '
        + fmt.format(n.usable) + ' addresses held (' + fmt.format(n.containers) + ' containers)' }));
  }));
}

function renderMesh() {
  const box = document.getElementById('mesh');
  const m = state.mesh;
  if (!m || m.nodes.length === 0) { box.replaceChildren(el('p', { class: 'empty', text: 'No host yet.' })); return; }
  const n = m.nodes.length;
  const size = Math.min(560, Math.max(260, 90 * n));
  const r = size / 2 - 48;
  const pos = new Map();
  m.nodes.forEach((node, i) => {
    const t = n === 1 ? 0 : (2 * Math.PI * i) / n - Math.PI / 2;
    pos.set(node.id, { x: size / 2 + (n === 1 ? 0 : r * Math.cos(t)), y: size / 2 + (n === 1 ? 0 : r * Math.sin(t)) });
  });
  const root = svg('svg', { width: size, height: size, viewBox: '0 0 ' + size + ' ' + size, role: 'img',
    'aria-label': 'mesh of ' + n + ' hosts' });
  const pairs = new Map();
  for (const e of m.edges) {
    const k = e.a + ' ' + e.b;
    pairs.set(k, (pairs.get(k) || 0) + 1);
    const p = pos.get(e.a), q = pos.get(e.b);
    if (!p || !q) continue;
    const offset = 6 * ((pairs.get(k) - 1));   // several networks between the same hosts: side by side
    const up = e.sa ? e.sa.every(s => s.ike === 'ESTABLISHED' && s.child === 'INSTALLED') : true;
    const cls = (e.encrypted ? 'ipsec' + (up ? '' : ' down') : '') + (e.bothWays ? '' : ' oneway');
    const line = svg('line', { x1: p.x + offset, y1: p.y + offset, x2: q.x + offset, y2: q.y + offset, class: cls.trim(),
      'data-edge': e.networkId + ' ' + e.a + ' ' + e.b });
    line.append(svg('title', null, e.networkId + ': ' + e.a + ' ↔ ' + e.b + (e.sa ? ' · ' + e.sa.map(s => s.from + '→' + s.to + ' IKE '
      + s.ike + ', CHILD ' + s.child).join(' · ') : ' · plain VXLAN') + (e.bothWays ? '' : ' · only one side has the other as a peer yet')));
    root.append(line);
    root.append(svg('text', { class: 'edge', x: (p.x + q.x) / 2 + offset + 4, y: (p.y + q.y) / 2 + offset - 4 },
      e.networkId + (e.sa ? (up ? ' · IPsec up' : ' · ' + e.sa.map(s => s.from + ' ' + s.ike.toLowerCase()).join(', ')) : '')));
  }
  for (const node of m.nodes) {
    const p = pos.get(node.id);
    const g = svg('g', { class: 'node' + (node.health === null ? ' none' : node.health === 'HEALTHY' ? '' : ' bad'),
      'data-node': node.id });
    g.append(svg('circle', { cx: p.x, cy: p.y, r: 22 }), svg('text', { x: p.x, y: p.y + 4 }, node.id),
      svg('text', { x: p.x, y: p.y + 38, class: 'sa' }, node.underlayIp || ''));
    g.append(svg('title', null, (node.hostname || node.id) + ' ' + (node.underlayIp || '') + ' · agent ' + (node.health || 'not reporting')));
    root.append(g);
  }
  box.replaceChildren(root, el('div', { class: 'legend', text: 'Grey: plain VXLAN · green dashes: IPsec with IKE and CHILD SAs up'
    + ' · red dashes: IPsec down · dotted: one side only. Hover a line for its SAs.' }));
}

function renderRejections() {
  const box = document.getElementById('rejections');
  const r = state.rejections;
  document.getElementById('rejection-count').textContent = r && r.count ? '(' + fmt.format(r.count) + ' in all, latest first)' : '';
  if (!r || r.last.length === 0) { box.replaceChildren(el('p', { class: 'empty', text: 'Nothing rejected.' })); return; }
  const body = el('tbody');
  for (const x of r.last.slice(0, 20)) {
    body.append(el('tr', null, el('td', { class: 'dim', text: clock(x.occurredAt) }), el('td', { class: 'reason', text: x.reason }),
      el('td', { text: x.message }), el('td', { class: 'mono', text: x.key || '' }),
      el('td', { class: 'mono dim', text: x.input + ' by ' + x.rejectedBy })));
  }
  box.replaceChildren(el('table', { class: 'rej' }, el('thead', null, el('tr', null,
    ...['when', 'reason', 'why', 'key', 'input'].map(t => el('th', { text: t })))), body));
}

function renderLog() {
  const l = state.log;
  if (!l) return;
  const foot = document.getElementById('log');
  foot.textContent = fmt.format(l.records) + ' records read from the log'
    + (l.undecodable ? ' · ' + l.undecodable + ' could not be decoded (last: ' + l.lastUndecodable + ')' : '');
  foot.classList.toggle('bad', l.undecodable > 0);
}

function renderFeed(problem) {
  const pill = document.getElementById('feed');
  let text, cls;
  if (problem) { text = problem; cls = 'bad'; }
  else if (state.feed) { text = state.feed; cls = 'wait'; }
  else if (!state.caughtUp) { text = 'reading the log…'; cls = 'wait'; }
  else { text = 'live'; cls = 'ok'; }
  pill.textContent = text;
  pill.className = 'pill ' + cls;
  if (state.at) document.getElementById('updated').textContent = 'updated ' + clock(state.at);
}

// ---- the "why" dialog ----------------------------------------------------------------------

async function why(id) {
  const dialog = document.getElementById('why');
  const body = document.getElementById('why-body');
  document.getElementById('why-title').textContent = 'Why ' + (state.containers.get(id)?.name || id) + ' has its address';
  body.replaceChildren(el('p', { class: 'empty', text: 'Replaying the decision log…' }));
  if (!dialog.open) dialog.showModal();
  try {
    const resp = await fetch('/api/containers/' + encodeURIComponent(id) + '/history');
    const json = await resp.json();
    if (!resp.ok) { body.replaceChildren(el('p', { class: 'alert', text: json.error || resp.statusText })); return; }
    const rows = el('tbody');
    for (const e of json.history) {
      rows.append(el('tr', null, el('td', { class: 'mono', text: e.decision }), el('td', { class: 'dim nowrap', text: e.logged.replace('T', ' ').replace(/\.\d+Z$/, 'Z') }),
        el('td', { class: 'mono', text: e.input }), el('td', { text: e.event }),
        el('td', null, ...(e.changes.length ? e.changes : ['(no change)']).flatMap((c, i) => i ? [el('br'), c] : [c]))));
    }
    body.replaceChildren(el('table', null, el('thead', null, el('tr', null,
      ...['decision', 'logged', 'input', 'event', 'changes'].map(t => el('th', { text: t })))), rows));
  } catch (err) {
    body.replaceChildren(el('p', { class: 'alert', text: 'cannot load the history: ' + err }));
  }
}

document.addEventListener('click', ev => {
  const a = ev.target.closest('a[data-why]');
  if (a) { ev.preventDefault(); why(a.dataset.why); }
});

// ---- the live feed -------------------------------------------------------------------------

function connect() {
  const source = new EventSource('/events');
  source.addEventListener('snapshot', ev => snapshot(JSON.parse(ev.data)));
  source.addEventListener('patch', ev => patch(JSON.parse(ev.data)));
  source.addEventListener('status', ev => { const s = JSON.parse(ev.data); state.feed = s.feed; state.caughtUp = s.caughtUp; renderFeed(); });
  source.onerror = () => renderFeed('disconnected from the server; retrying');
  source.onopen = () => renderFeed();
}

setInterval(() => {
  for (const span of document.querySelectorAll('.ago')) span.textContent = ago(Number(span.dataset.at));
  for (const card of document.querySelectorAll('#hosts > .card')) {
    const h = state.hosts.get(card.dataset.host);
    if (h) flag(card, h);
  }
}, 1000);

connect();
