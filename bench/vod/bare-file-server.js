#!/usr/bin/env node
// The bare baseline of playback.js: node:http + `send` (the same package and version the api's
// playback route uses, resolved from api/) serving one folder on 127.0.0.1. No framework, no
// signature, no database lookup. Run as its own process (like the api), it prints
// "listening http://127.0.0.1:PORT" and stops on SIGTERM.
// Usage: node bench/vod/bare-file-server.js <folder> [readBytes]   (readBytes: send's read size; default 64 KiB)
const { createServer } = require('node:http');
const { resolve } = require('node:path');
const send = require(require.resolve('send', { paths: [resolve(__dirname, '../../api')] }));

const root = process.argv[2];
// send copies its options into its fs.createReadStream: highWaterMark is how much one read takes.
const readSize = process.argv[3] ? { highWaterMark: Number(process.argv[3]) } : {};
if (!root) { console.error('usage: bare-file-server.js <folder>'); process.exit(2); }

const server = createServer((req, res) => {
  send(req, decodeURIComponent(new URL(req.url, 'http://x').pathname), { root, dotfiles: 'deny', index: false, ...readSize })
    .on('error', (error) => {
      if (res.headersSent) return void res.destroy();
      res.statusCode = error.status ?? 500;
      res.end();
    })
    .pipe(res);
});
server.listen(0, '127.0.0.1', () => console.log(`listening http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => { server.close(() => process.exit(0)); server.closeAllConnections(); });
