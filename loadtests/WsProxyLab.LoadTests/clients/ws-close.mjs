// One WebSocket session with Node's ws, closed by the client or by the server, printed as one JSON line:
//   node ws-close.mjs URL client|server CA_PEM
// client: echo one message, then close with 4001 "client done"; the code printed is the one in the server's reply.
// server: /ws/source?count=1 sends one message and closes with 1000; the code printed is the server's.
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

const [url, side, caPath] = process.argv.slice(2);
const options = url.startsWith('wss:') ? { ca: readFileSync(caPath) } : {};
const socket = new WebSocket(url, options);
let echoed = false;
const done = (result) => { console.log(JSON.stringify(result)); process.exit(0); };
setTimeout(() => done({ error: 'no close within 10 s', echoed }), 10000).unref();
socket.on('open', () => { if (side === 'client') socket.send('hello'); });
socket.on('message', () => { echoed = true; if (side === 'client') socket.close(4001, 'client done'); });
socket.on('close', (code, reason) => done({ code, reason: reason.toString(), echoed }));
socket.on('error', (error) => done({ error: error.message, echoed }));
