// Serves the built app (dist/) on loopback with the right MIME types and a strict
// Content-Security-Policy. Used by `make run` and by the browser tests (import startServer).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.parquet': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Starts a static server for `root` on 127.0.0.1:`port` (0 = any free port). Resolves to {server, url}.
 * `csp: false` serves without the app's Content-Security-Policy (the tests' foreign host page).
 */
export function startServer({ root, port = 8080, extraRoots = {}, csp = true }) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let rel = decodeURIComponent(url.pathname);
    let dir = base;
    for (const [prefix, other] of Object.entries(extraRoots)) {
      if (rel.startsWith(prefix)) { dir = path.resolve(other); rel = rel.slice(prefix.length - 1); }
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(dir, '.' + rel);
    if (!file.startsWith(dir + path.sep) && file !== dir) { res.writeHead(403).end('forbidden'); return; }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
      const headers = {
        'content-type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'content-length': st.size,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      };
      if (csp) headers['content-security-policy'] = CSP;
      // The widget script is loaded by other sites as a module, which needs CORS.
      if (path.basename(file) === 'widget.js') headers['access-control-allow-origin'] = '*';
      res.writeHead(200, headers);
      if (req.method === 'HEAD') { res.end(); return; }
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolve({ server, url: `http://127.0.0.1:${bound}/` });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = process.argv[2] || 'dist';
  const port = Number(process.env.PORT || 8080);
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`serve: ${root}/index.html is missing; build the app first (make run does).`);
    process.exit(2);
  }
  startServer({ root, port }).then(({ url }) => {
    console.log(`certkit is running at ${url}  (Ctrl+C to stop)`);
  }).catch((err) => {
    console.error(`serve: cannot listen on 127.0.0.1:${port}: ${err.message}. Set PORT to another port.`);
    process.exit(2);
  });
}
