// Particle simulator over the real AquaVM: named peers with deterministic Ed25519 identities, a service table,
// per-peer prev_data, next-peer forwarding and call results fed back in a later invocation (aquavm.md §2, §6).
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import msgpack from 'msgpack-lite';

const MSGPACK_PREFIX = Uint8Array.of(0x81, 0x04);
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58(bytes) {
  let n = 0n;
  for (const b of bytes) n = n * 256n + BigInt(b);
  let s = '';
  while (n > 0n) { s = B58[Number(n % 58n)] + s; n /= 58n; }
  for (const b of bytes) { if (b !== 0) break; s = '1' + s; }
  return s;
}

export function identity(name) {
  const seed = createHash('sha256').update('aquavm-oracle:' + name).digest();
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const pk = Buffer.from(createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({ format: 'jwk' }).x, 'base64url');
  const peerId = base58(Buffer.concat([Buffer.from('002408011220', 'hex'), pk]));
  return { name, seed: new Uint8Array(seed), publicKey: pk, peerId };
}

function withPrefix(buf) { return Buffer.concat([MSGPACK_PREFIX, buf]); }

export function encodeCallResults(results) {
  const map = {};
  for (const [id, r] of results) map[String(id)] = { ret_code: r.retCode, result: r.result };
  return withPrefix(msgpack.encode(map));
}

export function decodeCallRequests(bytes) {
  const map = msgpack.decode(Buffer.from(bytes.subarray(2)));
  return Object.entries(map).map(([id, r]) => ({
    id: Number(id),
    serviceId: r.service_id,
    functionName: r.function_name,
    arguments: msgpack.decode(Buffer.from(r.arguments)),
    tetraplets: msgpack.decode(Buffer.from(r.tetraplets)),
  }));
}

function lookup(services, peer, svc, fn) {
  const keys = [`@${peer} ${svc}.${fn}`, `@${peer} ${svc}.*`, `${svc}.${fn}`, `${svc}.*`, `*.${fn}`, '*'];
  for (const k of keys) if (k in services) return services[k];
  const builtin = { 'op.identity': 'identity', 'op.noop': 'noop', 'op.array': 'echo', 'op.concat': 'concat' }[`${svc}.${fn}`];
  if (builtin) return builtin;
  if (svc === 'return' || `${svc}.${fn}` === 'callbackSrv.response' || `${svc}.${fn}` === 'errorHandlingSrv.error') return 'capture';
  return null;
}

const counters = new Map();
function answer(spec, req, peer, results) {
  const ok = (v) => ({ retCode: 0, result: JSON.stringify(v) });
  if (spec === null) return { retCode: 1, result: JSON.stringify(`No service found for service call: serviceId='${req.serviceId}', fnName='${req.functionName}' args='${JSON.stringify(req.arguments)}'`) };
  if (spec === 'identity') return req.arguments.length === 0 ? ok({}) : req.arguments.length === 1 ? ok(req.arguments[0]) : { retCode: 1, result: JSON.stringify('identity accepts up to 1 arguments') };
  if (spec === 'echo') return ok(req.arguments);
  if (spec === 'concat') return ok(req.arguments.flat());
  if (spec === 'noop') return ok({});
  if (spec === 'capture') { results.push(req.arguments.length === 1 ? req.arguments[0] : req.arguments); return ok({}); }
  if (spec === 'fail') return { retCode: 1, result: JSON.stringify('service failed') };
  if (typeof spec === 'object' && 'fail' in spec) return { retCode: 1, result: JSON.stringify(spec.fail) };
  if (typeof spec === 'object' && 'raw' in spec) return { retCode: spec.ret_code ?? 0, result: spec.raw };
  if (typeof spec === 'object' && 'result' in spec) return { retCode: spec.ret_code ?? 0, result: JSON.stringify(spec.result) };
  if (typeof spec === 'object' && 'sequence' in spec) {
    const key = JSON.stringify(spec);
    const i = counters.get(key) ?? 0;
    counters.set(key, i + 1);
    return answer(spec.sequence[Math.min(i, spec.sequence.length - 1)], req, peer, results);
  }
  if (typeof spec === 'object' && 'js' in spec) return ok((0, eval)(spec.js)(req.arguments, peer));
  throw new Error(`unknown service spec ${JSON.stringify(spec)}`);
}

// Runs a scenario; returns every invocation (with its data) and each peer's final data.
export function runScenario(host, scenario, maxSteps = 500) {
  counters.clear();
  const peers = Object.fromEntries(scenario.peers.map((n) => [n, identity(n)]));
  const byId = Object.fromEntries(Object.values(peers).map((p) => [p.peerId, p.name]));
  const air = scenario.air.replace(/\{\{(\w+)\}\}/g, (_, n) => peers[n].peerId);
  const init = peers[scenario.init ?? scenario.peers[0]];
  const prev = Object.fromEntries(scenario.peers.map((n) => [n, new Uint8Array(0)]));
  const results = [];
  const steps = [];
  const queue = [{ peer: init.name, data: new Uint8Array(0), callResults: [] }];
  while (queue.length > 0) {
    if (steps.length >= maxSteps) throw new Error(`scenario did not settle in ${maxSteps} invocations`);
    const job = queue.shift();
    const me = peers[job.peer];
    const params = {
      initPeerId: init.peerId, currentPeerId: me.peerId, timestamp: scenario.timestamp ?? 1700000000000,
      ttl: scenario.ttl ?? 120000, secretKey: me.seed, particleId: scenario.particleId ?? 'particle-1',
    };
    const outcome = host.invoke(air, prev[job.peer], job.data, params, encodeCallResults(job.callResults));
    const requests = decodeCallRequests(outcome.callRequests);
    steps.push({
      peer: job.peer, prevData: b64(prev[job.peer]), currentData: b64(job.data),
      callResults: job.callResults.map(([id, r]) => ({ id, retCode: r.retCode, result: r.result })),
      retCode: outcome.retCode, errorMessage: outcome.errorMessage, data: b64(outcome.data),
      nextPeers: outcome.nextPeers.map((id) => byId[id] ?? id).sort(), callRequests: requests,
    });
    prev[job.peer] = outcome.data;
    for (const next of outcome.nextPeers.map((id) => byId[id]).filter(Boolean).sort())
      queue.push({ peer: next, data: outcome.data, callResults: [] });
    if (requests.length > 0) {
      const answers = requests.map((r) => [r.id, answer(lookup(scenario.services ?? {}, job.peer, r.serviceId, r.functionName), r, job.peer, results)]);
      queue.push({ peer: job.peer, data: new Uint8Array(0), callResults: answers });
    }
  }
  return {
    air, peers: Object.fromEntries(Object.values(peers).map((p) => [p.name, { peerId: p.peerId, seed: b64(p.seed) }])),
    steps, results, finalData: Object.fromEntries(Object.entries(prev).map(([n, d]) => [n, b64(d)])),
  };
}

function b64(bytes) { return Buffer.from(bytes).toString('base64'); }
