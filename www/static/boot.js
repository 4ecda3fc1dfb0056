// Starts the Yew app. If the wasm cannot load, say so in the page instead of leaving it blank.
import init from './certkit-app.js';

init().catch((err) => {
  const root = document.getElementById('app');
  root.textContent = '';
  const p = document.createElement('p');
  p.className = 'boot error';
  p.setAttribute('role', 'alert');
  p.textContent = `certkit could not start (${err && err.message ? err.message : err}). Reload the page; if it persists, your browser may not support WebAssembly.`;
  root.appendChild(p);
});
