'use strict';
// Shared output for the twin scenarios (Node side); scenarios/_out.py is its port.
// Each logger (S = server side, C = client side, M = main/synchronous) buffers
// its lines; at exit the lines are printed grouped by logger, loggers in name
// order, so facts from different connections/sides never race each other.
const lines = {};

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
    const o = {};
    for (const k of Object.keys(v).sort()) o[k] = sortKeys(v[k]);
    return o;
  }
  return v;
}

function fmt(v) {
  if (v === undefined || v === null) return 'none';
  if (Buffer.isBuffer(v)) return 'buf(' + JSON.stringify(v.toString('latin1')) + ')';
  if (v instanceof Error) return 'error(' + fmt(v.code) + ': ' + v.message + ')';
  if (typeof v === 'object') return JSON.stringify(sortKeys(v));
  return String(v);
}

function tag(name) {
  return (...args) => {
    const line = args.map(fmt).join(' ');
    if (process.env.CONFORMANCE_TRACE) process.stderr.write(`[${name}] ${line}\n`);
    (lines[name] = lines[name] || []).push(line);
  };
}

process.on('exit', () => {
  for (const k of Object.keys(lines).sort()) {
    for (const l of lines[k]) process.stdout.write(`[${k}] ${l}\n`);
  }
});

// later(fn): run fn after a pause long enough for a keep-alive socket to be back
// in its Agent's pool (or idle on the server), even on a loaded machine.
function later(fn) {
  return setTimeout(fn, 200);
}

module.exports = { later, tag, fmt, S: tag('S'), C: tag('C'), M: tag('M') };
