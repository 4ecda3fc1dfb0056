// Module worker entry: loads the validator's wasm (only now, when a file is dropped),
// then the Rust side installs its message handler and posts {kind: "ready"}.
import init from './certkit-worker.js';

init().catch((err) => {
  self.postMessage({ kind: 'error', message: `The validator could not start: ${err && err.message ? err.message : err}`, hint: 'Reload the page and try again.' });
});
