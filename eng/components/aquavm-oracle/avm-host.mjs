// A minimal Marine-compatible host for avm.wasm (aquavm.md §4): own WASI shim, raw ABI calls.
// Randomness is all zeros so a fresh instance is byte-reproducible (aquavm.md §5).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const wasmPath = require.resolve('@fluencelabs/avm/dist/avm.wasm');
const module = new WebAssembly.Module(readFileSync(wasmPath));

const enc = new TextEncoder();
const dec = new TextDecoder();

export class AvmHost {
  constructor() {
    let memory = null;
    const view = () => new DataView(memory.buffer);
    const env = [enc.encode('WASM_LOG=off\0')];
    const wasi = {
      clock_time_get: (_id, _precision, out) => { view().setBigUint64(out, BigInt(Date.now()) * 1000000n, true); return 0; },
      fd_write: (_fd, iovs, iovsLen, nwritten) => {
        let total = 0;
        for (let i = 0; i < iovsLen; i++) total += view().getUint32(iovs + i * 8 + 4, true);
        view().setUint32(nwritten, total, true);
        return 0;
      },
      sched_yield: () => 0,
      random_get: (ptr, len) => { new Uint8Array(memory.buffer, ptr, len).fill(0); return 0; },
      environ_sizes_get: (countPtr, sizePtr) => {
        view().setUint32(countPtr, env.length, true);
        view().setUint32(sizePtr, env.reduce((n, e) => n + e.length, 0), true);
        return 0;
      },
      environ_get: (ptrs, buf) => {
        let at = buf;
        env.forEach((e, i) => { view().setUint32(ptrs + i * 4, at, true); new Uint8Array(memory.buffer, at, e.length).set(e); at += e.length; });
        return 0;
      },
      proc_exit: (code) => { throw new Error(`avm.wasm exited with ${code}`); },
    };
    const host = { log_utf8_string: () => {} };
    this.instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi, __marine_host_api_v3: host });
    memory = this.instance.exports.memory;
    this.memory = memory;
    this.x = this.instance.exports;
    this.x._initialize();
    this.x._start();
  }

  // Copies bytes into a guest buffer the guest will own; zero length is (0,0).
  lower(bytes) {
    if (bytes.length === 0) return [0, 0];
    const ptr = this.x.allocate(bytes.length, 1);
    new Uint8Array(this.memory.buffer, ptr, bytes.length).set(bytes);
    return [ptr, bytes.length];
  }

  bytesAt(ptr, len) { return new Uint8Array(this.memory.buffer.slice(ptr, ptr + len)); }

  stringExport(name, bytes) {
    const [p, l] = this.lower(bytes);
    this.x[name](p, l);
    const out = dec.decode(this.bytesAt(this.x.get_result_ptr(), this.x.get_result_size()));
    this.x.release_objects();
    return out;
  }

  ast(air) { return this.stringExport('ast', enc.encode(air)); }

  humanReadable(data) { return this.stringExport('to_human_readable_data', data); }

  // params: {initPeerId, currentPeerId, timestamp, ttl, secretKey(Uint8Array 32), particleId}
  invoke(air, prev, cur, params, callResults) {
    const a = this.lower(enc.encode(air));
    const p = this.lower(prev);
    const c = this.lower(cur);
    const init = this.lower(enc.encode(params.initPeerId));
    const me = this.lower(enc.encode(params.currentPeerId));
    const sk = this.lower(params.secretKey);
    const pid = this.lower(enc.encode(params.particleId));
    const rec = this.x.allocate(70, 1);
    const v = new DataView(this.memory.buffer, rec, 70);
    v.setUint32(0, init[0], true); v.setUint32(4, init[1], true);
    v.setUint32(8, me[0], true); v.setUint32(12, me[1], true);
    v.setBigUint64(16, BigInt(params.timestamp), true);
    v.setUint32(24, params.ttl, true);
    v.setUint8(28, 0);
    v.setUint32(29, sk[0], true); v.setUint32(33, sk[1], true);
    v.setUint32(37, pid[0], true); v.setUint32(41, pid[1], true);
    v.setBigUint64(45, 16n << 20n, true);
    v.setBigUint64(53, 64n << 20n, true);
    v.setBigUint64(61, 32n << 20n, true);
    v.setUint8(69, 0);
    const cr = this.lower(callResults);
    this.x.invoke(a[0], a[1], p[0], p[1], c[0], c[1], rec, cr[0], cr[1]);
    const out = this.x.get_result_ptr();
    const o = new DataView(this.memory.buffer.slice(out, out + 43));
    const str = (off) => dec.decode(this.bytesAt(o.getUint32(off, true), o.getUint32(off + 4, true)));
    const bytes = (off) => this.bytesAt(o.getUint32(off, true), o.getUint32(off + 4, true));
    const peersPtr = o.getUint32(24, true), peersCount = o.getUint32(28, true);
    const pv = new DataView(this.memory.buffer.slice(peersPtr, peersPtr + peersCount * 8));
    const nextPeers = [];
    for (let i = 0; i < peersCount; i++) nextPeers.push(dec.decode(this.bytesAt(pv.getUint32(i * 8, true), pv.getUint32(i * 8 + 4, true))));
    const result = {
      retCode: Number(o.getBigInt64(0, true)),
      errorMessage: str(8),
      data: bytes(16),
      nextPeers,
      callRequests: bytes(32),
    };
    this.x.release_objects();
    return result;
  }
}
