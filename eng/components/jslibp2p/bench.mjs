// js-libp2p baseline for the C# benchmarks (same machine, same run): two nodes in this process on 127.0.0.1 TCP with
// noise + yamux. Prints:
//   THROUGHPUT_MBPS <MB/s>   one yamux stream carrying TOTAL_MB (default 64) MiB from A to B
//   HANDSHAKES_PER_S <n>     HANDSHAKES (default 100) sequential dial (tcp + noise + yamux) + hang-up
import './node20-polyfill.mjs'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'

const { TOTAL_MB = '64', HANDSHAKES = '100' } = process.env
const make = () => createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  // the defaults rate-limit inbound connections per host, which a handshake loop on loopback trips at once
  connectionManager: { inboundConnectionThreshold: 1e9, maxIncomingPendingConnections: 1000, maxConnections: 1000 }
})
const a = await make()
const b = await make()
const PROTO = '/bench/sink/1.0.0'
const total = Number(TOTAL_MB) * 1024 * 1024
let done
const finished = new Promise(resolve => { done = resolve })
await b.handle(PROTO, async (stream) => {
  let n = 0
  for await (const chunk of stream) {
    n += chunk.byteLength
    if (n >= total) break
  }
  done(n)
})
const target = b.getMultiaddrs()[0]
const stream = await a.dialProtocol(target, PROTO)
const chunk = new Uint8Array(64 * 1024)
const started = performance.now()
for (let sent = 0; sent < total; sent += chunk.byteLength) {
  if (!stream.send(chunk)) await stream.onDrain?.()
}
await finished
const seconds = (performance.now() - started) / 1000
console.log(`THROUGHPUT_MBPS ${(total / 1024 / 1024 / seconds).toFixed(1)}`)
await a.hangUp(target)

const count = Number(HANDSHAKES)
const hsStarted = performance.now()
for (let i = 0; i < count; i++) {
  await a.dial(target)
  await a.hangUp(target)
}
console.log(`HANDSHAKES_PER_S ${(count / ((performance.now() - hsStarted) / 1000)).toFixed(1)}`)
await a.stop()
await b.stop()
process.exit(0)
