'use strict';
/**
 * Dashboard pages, as far as the server can tell: `sseClients.js <url> <n>` opens n event streams
 * (`GET <url>`, one connection each) and reads them, counting bytes. Prints `{ kind: 'ready' }`
 * once every stream is open, and `{ kind: 'done', bytes, closed }` when its stdin ends.
 */
const http = require('node:http');

const [url, n] = [process.argv[2], Number(process.argv[3])];
let open = 0;
let bytes = 0;
let closed = 0;
const requests = [];

for (let i = 0; i < n; i++) {
  const req = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) {
      console.error(`stream ${i}: HTTP ${res.statusCode}`);
      process.exit(1);
    }
    res.on('data', (chunk) => {
      bytes += chunk.length;
    });
    res.on('close', () => {
      closed += 1;
    });
    if (++open === n) console.log(JSON.stringify({ kind: 'ready' }));
  });
  req.on('error', (err) => {
    console.error(`stream ${i}: ${err.message}`);
    process.exit(1);
  });
  requests.push(req);
}

process.stdin.resume();
process.stdin.on('end', () => {
  console.log(JSON.stringify({ kind: 'done', bytes, closed }));
  for (const req of requests) req.destroy();
  process.exit(0);
});
