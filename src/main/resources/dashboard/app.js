// Stimmung supervisor dashboard. No build step; uPlot is vendored (see vendor/uplot-1.6.32/VENDORED.md).
// Safety: nothing from a record is ever parsed as HTML; every text goes in through textContent.
'use strict';
(function () {
  // Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), plus dashes, plus names.
  const EMOTIONS = [
    { label: 'anger', color: '#D55E00', dash: [] },
    { label: 'boredom', color: '#56B4E9', dash: [6, 3] },
    { label: 'disgust', color: '#009E73', dash: [2, 2] },
    { label: 'fear', color: '#CC79A7', dash: [8, 3, 2, 3] },
    { label: 'happiness', color: '#E69F00', dash: [] },
    { label: 'sadness', color: '#0072B2', dash: [4, 4] },
    { label: 'neutral', color: '#555555', dash: [1, 3] },
  ];
  const COLOR = Object.fromEntries(EMOTIONS.map(e => [e.label, e.color]));
  const SNAPSHOT_EVERY_MS = 5000;
  const SPARK_POINTS = 20;

  const calls = new Map();      // callId -> summary (as /api/calls gives it, kept current by the stream)
  let selected = null;          // callId shown in the detail panel
  let detail = null;            // its /api/calls/{id} answer, timeline kept current by the stream
  let charts = { customer: null, agent: null };
  let renderQueued = false;
  let source = null;

  const $ = id => document.getElementById(id);
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text != null) e.textContent = String(text); if (cls) e.className = cls; return e; };

  function fmtDuration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }
  function fmtTime(ms) { return new Date(ms).toLocaleTimeString(); }

  function badge(emotion) {
    if (!emotion) { return el('span', 'no speech', 'badge none'); }
    const b = el('span', emotion, 'badge');
    b.style.background = COLOR[emotion] || '#777';
    if (emotion === 'happiness') { b.style.color = '#000'; }
    return b;
  }

  function spark(values, into) {
    const c = into || document.createElement('canvas');
    if (!into) { c.width = 80; c.height = 18; c.className = 'spark'; c.setAttribute('aria-label', 'negative emotion trend'); }
    const g = c.getContext('2d');
    g.clearRect(0, 0, c.width, c.height);
    g.setLineDash([]);
    g.strokeStyle = '#D55E00'; g.lineWidth = 1.5; g.beginPath();
    values.forEach((v, i) => {
      const x = values.length < 2 ? 0 : i * (c.width - 2) / (values.length - 1) + 1;
      const y = c.height - 1 - v * (c.height - 2);
      if (i === 0) { g.moveTo(x, y); } else { g.lineTo(x, y); }
    });
    g.stroke();
    g.strokeStyle = '#bbb'; g.lineWidth = 1; g.setLineDash([2, 2]);
    g.beginPath(); g.moveTo(0, c.height - 1 - 0.6 * (c.height - 2)); g.lineTo(c.width, c.height - 1 - 0.6 * (c.height - 2)); g.stroke();
    return c;
  }

  // ---- data -------------------------------------------------------------------------------------
  async function loadSnapshot() {
    const r = await fetch('/api/calls', { cache: 'no-store' });
    if (!r.ok) { throw new Error('snapshot: HTTP ' + r.status); }
    const body = await r.json();
    const seen = new Set();
    for (const c of body.calls) { calls.set(c.callId, c); seen.add(c.callId); }
    for (const id of Array.from(calls.keys())) {
      if (!seen.has(id)) { calls.delete(id); const r = rowCache.get(id); if (r) { r.tr.remove(); rowCache.delete(id); } }
    }
    scheduleRender();
  }

  async function loadDetail(id) {
    const r = await fetch('/api/calls/' + encodeURIComponent(id), { cache: 'no-store' });
    if (!r.ok) { return; }
    const d = await r.json();
    if (selected === id) { detail = d; drawCharts(); }
  }

  function callFor(id) {
    let c = calls.get(id);
    if (!c) {
      c = { callId: id, startMs: Date.now(), lastActivityMs: Date.now(), durationMs: 0, ended: false, riskScore: 0,
        customerChannel: null, channels: [], emotion: null, attention: false, alert: null, sparkline: [] };
      calls.set(id, c);
    }
    return c;
  }

  function onUtterance(u) {
    const c = callFor(u.callId);
    c.ended = false;
    c.startMs = Math.min(c.startMs, u.startMs);
    c.lastActivityMs = Math.max(c.lastActivityMs, u.endMs);
    c.durationMs = c.lastActivityMs - c.startMs;
    let ch = c.channels.find(x => x.channel === u.channel);
    if (!ch) { ch = { channel: u.channel, utterances: 0, noSpeech: 0, latestEmotion: null }; c.channels.push(ch); c.channels.sort((a, b) => a.channel - b.channel); }
    if (!u.speech) { ch.noSpeech++; } else {
      ch.utterances++; ch.latestEmotion = u.emotion; ch.latestConfidence = u.confidence;
      if (c.customerChannel == null || c.customerChannel === u.channel) {
        c.emotion = u.emotion;
        c.sparkline.push(u.watchedMax);
        if (c.sparkline.length > SPARK_POINTS) { c.sparkline.shift(); }
      }
    }
    if (detail && selected === u.callId) {
      detail.timeline.push({ utteranceId: u.utteranceId, channel: u.channel, startMs: u.startMs, endMs: u.endMs,
        speech: u.speech, emotion: u.emotion, probabilities: u.probabilities });
      drawCharts();
    }
    scheduleRender();
  }

  function onAlert(a) {
    const c = callFor(a.callId);
    if (a.state === 'RAISED') {
      c.alert = { alertId: a.alertId, channel: a.channel, emotion: a.emotion, score: a.score, sinceMs: a.sinceMs,
        raisedMs: a.timeMs, acknowledged: false, acknowledgedBy: null, utteranceIds: a.utteranceIds, rule: a.rule };
      c.attention = true;
    } else if (a.state === 'ACKNOWLEDGED' && c.alert && c.alert.alertId === a.alertId) {
      c.alert.acknowledged = true; c.alert.acknowledgedBy = a.acknowledgedBy; c.attention = false;
    } else if (a.state === 'CLEARED' && (!c.alert || c.alert.alertId === a.alertId)) {
      c.alert = null; c.attention = false;
    }
    scheduleRender();
  }

  async function acknowledge(alertId, button) {
    button.disabled = true;
    button.textContent = 'acknowledging…';
    const r = await fetch('/api/alerts/' + encodeURIComponent(alertId) + '/ack', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ by: 'supervisor' }) });
    if (!r.ok) { button.disabled = false; button.textContent = 'Acknowledge (failed, retry)'; }
  }

  function connect() {
    source = new EventSource('/api/stream');
    source.onopen = () => { $('status').textContent = 'live'; $('status').className = 'status live'; };
    source.onerror = () => { $('status').textContent = 'reconnecting…'; $('status').className = 'status down'; };
    source.addEventListener('utterance', e => onUtterance(JSON.parse(e.data)));
    source.addEventListener('alert', e => onAlert(JSON.parse(e.data)));
    source.addEventListener('reset', () => { loadSnapshot().catch(() => {}); if (selected) { loadDetail(selected); } });
  }

  // ---- rendering --------------------------------------------------------------------------------
  function scheduleRender() {
    if (!renderQueued) { renderQueued = true; requestAnimationFrame(render); }
  }

  function matches(c) {
    const id = $('filter-id').value.trim().toLocaleLowerCase();
    const emotion = $('filter-emotion').value;
    return (!id || c.callId.toLocaleLowerCase().includes(id)) && (!emotion || c.emotion === emotion);
  }

  function order(a, b) {
    return (b.attention - a.attention) || (b.riskScore - a.riskScore) || (b.lastActivityMs - a.lastActivityMs);
  }

  // Rows and banners are kept per call and updated in place (never rebuilt), so a click that lands
  // while updates stream in still hits its element, and 1000 calls cost only what changed.
  const rowCache = new Map();     // callId -> { tr, cells, key }
  const bannerCache = new Map();  // alertId -> { div, key }

  function newRow(c) {
    const tr = document.createElement('tr');
    tr.dataset.callId = c.callId;
    const cells = {};
    for (const name of ['risk', 'call', 'emotion', 'duration', 'utterances', 'trend', 'alert']) {
      cells[name] = el('td', null, name); tr.append(cells[name]);
    }
    cells.call.textContent = c.callId;
    tr.addEventListener('click', () => select(c.callId));
    return { tr, cells, key: '' };
  }

  function updateRow(entry, c) {
    const utterances = c.channels.reduce((n, ch) => n + ch.utterances, 0);
    const alert = c.alert ? (c.alert.acknowledged ? c.alert.emotion + ' (acknowledged)' : c.alert.emotion + ' ALERT') : '';
    const key = [c.riskScore, c.emotion, Math.round(c.durationMs / 1000), utterances, c.sparkline.join(','), alert,
      c.attention, c.callId === selected].join('|');
    if (key === entry.key) { return; }
    entry.key = key;
    entry.tr.classList.toggle('attention', !!c.attention);
    entry.tr.classList.toggle('selected', c.callId === selected);
    entry.cells.risk.textContent = (c.riskScore * 100).toFixed(0) + '%';
    entry.cells.emotion.replaceChildren(badge(c.emotion));
    entry.cells.duration.textContent = fmtDuration(c.durationMs);
    entry.cells.utterances.textContent = String(utterances);
    if (!entry.canvas) { entry.canvas = spark(c.sparkline); entry.cells.trend.append(entry.canvas); } else { spark(c.sparkline, entry.canvas); }
    entry.cells.alert.textContent = alert;
  }

  function renderTable(tbody, list, empty) {
    list.forEach((c, i) => {
      let entry = rowCache.get(c.callId);
      if (!entry) { entry = newRow(c); rowCache.set(c.callId, entry); }
      updateRow(entry, c);
      if (tbody.children[i] !== entry.tr) { tbody.insertBefore(entry.tr, tbody.children[i] || null); }
    });
    while (tbody.children.length > list.length) { tbody.lastChild.remove(); }
    empty.hidden = list.length > 0;
  }

  function banner(c) {
    const a = c.alert;
    const div = el('div', null, 'alert-banner');
    div.dataset.alertId = a.alertId;
    div.dataset.callId = c.callId;
    div.setAttribute('role', 'alert');
    const what = el('span', null, 'what');
    what.append(el('span', 'Call '), el('span', c.callId, 'alert-call'), el('span', ': '), badge(a.emotion),
      el('span', ' ' + (a.score * 100).toFixed(0) + '% since ' + fmtTime(a.sinceMs)));
    div.append(what, el('span', a.rule || '', 'hint'));
    const b = el('button', 'Acknowledge', 'ack');
    b.addEventListener('click', ev => { ev.stopPropagation(); acknowledge(a.alertId, b); });
    div.append(b);
    div.addEventListener('click', () => select(c.callId));
    return div;
  }

  function render() {
    renderQueued = false;
    const t0 = performance.now();
    const all = Array.from(calls.values());
    const visible = all.filter(matches).sort(order);
    renderTable($('active').tBodies[0], visible.filter(c => !c.ended), $('active-empty'));
    renderTable($('history').tBodies[0], visible.filter(c => c.ended), $('history-empty'));
    const open = all.filter(c => c.alert && !c.alert.acknowledged && !c.ended).sort(order); // acknowledged: the table still says so
    const box = $('alerts');
    const keep = new Set();
    open.forEach((c, i) => {
      keep.add(c.alert.alertId);
      let entry = bannerCache.get(c.alert.alertId);
      if (!entry) { entry = { div: banner(c) }; bannerCache.set(c.alert.alertId, entry); }
      if (box.children[i] !== entry.div) { box.insertBefore(entry.div, box.children[i] || null); }
    });
    for (const [id, entry] of bannerCache) { if (!keep.has(id)) { entry.div.remove(); bannerCache.delete(id); } }
    const active = all.filter(c => !c.ended).length;
    $('counts').textContent = active + ' active · ' + (all.length - active) + ' ended · '
      + all.filter(c => c.attention).length + ' need attention';
    const ms = performance.now() - t0;
    document.body.dataset.renderMs = ms.toFixed(1);
    document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
  }

  // ---- detail -----------------------------------------------------------------------------------
  function select(id) {
    selected = id; detail = null;
    $('detail').hidden = false;
    $('detail-id').textContent = id;
    loadDetail(id);
    scheduleRender();
  }

  function series(points) {
    const xs = points.map(p => p.startMs / 1000);
    const ys = EMOTIONS.map(e => points.map(p => (p.speech ? p.probabilities[e.label] : null)));
    return [xs, ...ys];
  }

  function chart(target, existing, data, title) {
    if (!window.uPlot) { return null; }
    if (existing) { existing.setData(data); return existing; }
    const opts = {
      title, width: Math.max(300, target.clientWidth || 480), height: 190, legend: { show: false },
      scales: { y: { range: [0, 1] } },
      axes: [{}, { values: (u, v) => v.map(x => x.toFixed(1)) }],
      series: [{}].concat(EMOTIONS.map(e => ({ label: e.label, stroke: e.color, dash: e.dash, width: e.label === 'anger' ? 2 : 1.5,
        spanGaps: false, points: { show: true, size: 4 } }))),
    };
    return new uPlot(opts, data, target);
  }

  function drawCharts() {
    if (!detail) { return; }
    const customer = detail.customerChannel;
    const customerPoints = detail.timeline.filter(p => customer == null || p.channel === customer);
    const agentPoints = detail.timeline.filter(p => customer != null && p.channel !== customer);
    $('detail-customer-channel').textContent = customer == null ? '' : '(channel ' + customer + ')';
    const noSpeech = detail.timeline.filter(p => !p.speech).length;
    $('timeline-count').textContent = detail.timeline.length + ' utterances' + (noSpeech ? ' (' + noSpeech + ' without speech)' : '');
    $('timeline-count').dataset.count = String(detail.timeline.length);
    $('detail-summary').textContent = 'started ' + fmtTime(detail.startMs) + (detail.ended ? ', ended' : ', active');
    charts.customer = chart($('chart-customer'), charts.customer && charts.customer.__call === selected ? charts.customer : resetChart('customer'),
      series(customerPoints), 'customer: probability per utterance');
    charts.agent = chart($('chart-agent'), charts.agent && charts.agent.__call === selected ? charts.agent : resetChart('agent'),
      series(agentPoints), 'agent: probability per utterance');
    if (charts.customer) { charts.customer.__call = selected; }
    if (charts.agent) { charts.agent.__call = selected; }
  }

  function resetChart(which) {
    if (charts[which]) { charts[which].destroy(); charts[which] = null; }
    $('chart-' + which).replaceChildren();
    return null;
  }

  function legend() {
    const l = $('legend');
    EMOTIONS.forEach(e => {
      const s = el('span'); const i = el('i'); i.style.background = e.color; s.append(i, el('span', e.label)); l.append(s);
      const o = el('option', e.label); o.value = e.label; $('filter-emotion').append(o);
    });
  }

  function start() {
    legend();
    $('filter-id').addEventListener('input', scheduleRender);
    $('filter-emotion').addEventListener('change', scheduleRender);
    loadSnapshot().catch(e => { $('status').textContent = String(e); }).finally(connect);
    setInterval(() => { loadSnapshot().catch(() => {}); }, SNAPSHOT_EVERY_MS);
    setInterval(scheduleRender, 1000);
  }

  document.addEventListener('DOMContentLoaded', start);
})();
