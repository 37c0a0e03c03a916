// Runs one AIR script through a relay with @fluencelabs/js-client 0.9.0, as the Fluence CLI's `run` does, and prints
// one line of JSON: {"ok":true,"client":PEER_ID,"relay":PEER_ID,"result":…} or {"ok":false,"stage":…,"error":…}.
// Each field of DATA_JSON is served to the script by getDataSrv (callAquaFunction's value arguments); -relay- is
// served by js-client itself; callbackSrv.response resolves the call, errorHandlingSrv.error rejects it.
// Usage: node --import ./node20-polyfill.mjs run-air.mjs RELAY_MULTIADDR AIR_FILE [DATA_JSON] [TTL_MS]
import { createClient, callAquaFunction } from '@fluencelabs/js-client'
import { readFileSync } from 'node:fs'

const [relay, airFile, dataJson = '{}', ttlText = '15000'] = process.argv.slice(2)
if (!relay || !airFile) {
  console.error('usage: run-air.mjs RELAY_MULTIADDR AIR_FILE [DATA_JSON] [TTL_MS]')
  process.exit(2)
}
const ttl = Number(ttlText)
const report = (fields) => console.log(JSON.stringify(fields))
const message = (e) => (typeof e === 'string' ? e : e?.message ?? JSON.stringify(e))

let client
try {
  client = await createClient(relay, { defaultTtlMs: ttl, connectionOptions: { dialTimeoutMs: 10000 } })
} catch (e) {
  report({ ok: false, stage: 'connect', error: message(e) })
  process.exit(1)
}
let exitCode = 0
try {
  const result = await callAquaFunction({
    script: readFileSync(airFile, 'utf8'),
    peer: client,
    args: JSON.parse(dataJson),
    config: { ttl },
    // Wait for callbackSrv.response (the default, true, resolves as soon as the particle is sent).
    fireAndForget: false,
  })
  report({ ok: true, client: client.getPeerId(), relay: client.getRelayPeerId(), result: result ?? null })
} catch (e) {
  report({ ok: false, stage: 'call', client: client.getPeerId(), error: message(e) })
  exitCode = 1
}
await client.disconnect()
process.exit(exitCode)
