// AquaVM oracle. One JSON request per stdin line, one JSON answer per stdout line:
//   {"op":"ast","air":"…"}                 -> {"ok":true,"ast":<AST JSON>} | {"ok":false,"error":"…"}
//   {"op":"decode","data":"<base64>"}      -> {"ok":true,"json":<to_human_readable_data JSON>} | {"ok":false,"error":"…"}
//   {"op":"run","scenario":{…}}            -> {"ok":true,"run":{steps,results,finalData,peers,air}}
//   {"op":"invoke","air","peer","initPeer","prev","current","particleId"?,"timestamp"?,"ttl"?}
//                                          -> {"ok":true,"outcome":{retCode,errorMessage,data,nextPeers,callRequests}}
//      (peers by oracle name: deterministic identities; prev/current/data base64; no call results)
// With arguments instead: node oracle.mjs --ast '<air>' | --run scenario.json (prints one answer).
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { AvmHost } from './avm-host.mjs';
import { runScenario, identity, encodeCallResults, decodeCallRequests } from './sim.mjs';

let host = new AvmHost();

function handle(req) {
  try {
    switch (req.op) {
      case 'ast': {
        const text = host.ast(req.air);
        try { return { ok: true, ast: JSON.parse(text) }; } catch { return { ok: false, error: text }; }
      }
      case 'decode': {
        const text = host.humanReadable(Buffer.from(req.data, 'base64'));
        try { return { ok: true, json: JSON.parse(text) }; } catch { return { ok: false, error: text }; }
      }
      case 'run': return { ok: true, run: runScenario(host, req.scenario) };
      case 'invoke': {
        const me = identity(req.peer), init = identity(req.initPeer);
        const o = host.invoke(req.air, Buffer.from(req.prev ?? '', 'base64'), Buffer.from(req.current ?? '', 'base64'), {
          initPeerId: init.peerId, currentPeerId: me.peerId, timestamp: req.timestamp ?? 1700000000000,
          ttl: req.ttl ?? 120000, secretKey: me.seed, particleId: req.particleId ?? 'particle-1',
        }, encodeCallResults([]));
        return { ok: true, outcome: { retCode: o.retCode, errorMessage: o.errorMessage, data: Buffer.from(o.data).toString('base64'),
          nextPeers: o.nextPeers, callRequests: decodeCallRequests(o.callRequests) } };
      }
      default: return { ok: false, error: `unknown op ${req.op}` };
    }
  } catch (e) {
    host = new AvmHost(); // after a trap the instance is unusable (aquavm.md §4.2)
    return { ok: false, error: String(e?.stack ?? e) };
  }
}

const args = process.argv.slice(2);
if (args[0] === '--ast') console.log(JSON.stringify(handle({ op: 'ast', air: args[1] }), null, 1));
else if (args[0] === '--run') console.log(JSON.stringify(handle({ op: 'run', scenario: JSON.parse(readFileSync(args[1], 'utf8')) }), null, 1));
else {
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let answer;
    try { answer = handle(JSON.parse(line)); } catch (e) { answer = { ok: false, error: String(e) }; }
    process.stdout.write(JSON.stringify(answer) + '\n');
  }
}
