// js-libp2p 3.x interop peer: tcp + ws on 127.0.0.1, noise, yamux, identify, ping, and
// '/fluence/particle/2.0.0' (logs every received length-prefixed frame).
// env: TCP_PORT, WS_PORT (default 0 = any), SEED (hex, fixes the Ed25519 peer id),
//      DIAL=<multiaddr/p2p/id> to ping that peer and send it COUNT frames (MSG#i, default 1) on concurrent streams;
//      ONESHOT=1 then exits. ECHO=1 sends every received frame back to its sender on a new stream.
//      Prints IDENTIFY lines when a peer is identified (for interop tests).
// Node 20: run with `node --experimental-websocket peer.mjs` (ws dialing needs a global WebSocket).
import './node20-polyfill.mjs'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import * as lp from 'it-length-prefixed'

const PROTO = '/fluence/particle/2.0.0'
const { TCP_PORT = 0, WS_PORT = 0, SEED, DIAL, ONESHOT, ECHO, COUNT = '1', MSG = 'hello particle' } = process.env
const node = await createLibp2p({
  privateKey: SEED ? await generateKeyPairFromSeed('Ed25519', Buffer.from(SEED.padEnd(64, '0').slice(0, 64), 'hex')) : undefined,
  addresses: { listen: [`/ip4/127.0.0.1/tcp/${TCP_PORT}`, `/ip4/127.0.0.1/tcp/${WS_PORT}/ws`] },
  transports: [tcp(), webSockets()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify(), ping: ping() }
})
await node.handle(PROTO, async (stream, connection) => {
  try {
    for await (const frame of lp.decode(stream)) {
      const bytes = frame.subarray() // one frame = one particle; log its length and first 64 bytes
      console.log(`FRAME from=${connection.remotePeer} len=${bytes.length} hex=${Buffer.from(bytes.subarray(0, 24)).toString("hex")} text=${JSON.stringify(Buffer.from(bytes.subarray(0, 64)).toString("latin1"))}`)
      if (ECHO) echo(connection.remotePeer, bytes).catch(err => console.log(`ECHO_ERROR ${err.message}`))
    }
    await stream.close() // done with this particle stream: free it on both sides
  } catch (err) { console.log(`STREAM_ERROR ${err.message}`) }
})
async function echo (peer, bytes) {
  const out = await node.dialProtocol(peer, PROTO)
  out.send(lp.encode.single(bytes))
  await out.close()
  console.log(`ECHOED len=${bytes.length}`)
}
node.addEventListener('peer:identify', (evt) => {
  const { peerId, protocolVersion, protocols } = evt.detail
  console.log(`IDENTIFY ${peerId} protocolVersion=${protocolVersion} protocols=${protocols.join(',')}`)
})
console.log(`PEER ${node.peerId}`)
for (const ma of node.getMultiaddrs()) console.log(`LISTEN ${ma}`)
if (DIAL) {
  const target = multiaddr(DIAL)
  console.log(`PING ${target} rtt=${await node.services.ping.ping(target)}ms`)
  await Promise.all(Array.from({ length: Number(COUNT) }, async (_, i) => {
    const stream = await node.dialProtocol(target, PROTO)
    const text = Number(COUNT) === 1 ? MSG : `${MSG}#${i}`
    stream.send(lp.encode.single(new TextEncoder().encode(text)))
    await stream.close()
  }))
  console.log(`SENT ${COUNT} frames on ${PROTO}`)
  if (ONESHOT) { await node.stop(); process.exit(0) }
}
const stop = async () => { await node.stop(); process.exit(0) }
process.on('SIGTERM', stop); process.on('SIGINT', stop)
