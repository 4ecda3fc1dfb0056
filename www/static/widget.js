// certkit's embeddable calculator.
//
//   <script type="module" src="https://YOUR-HOST/certkit/widget.js"></script>
//   <certkit-calculator></certkit-calculator>
//
// The element shows the calculator in an iframe inside a shadow root, so the host page's CSS
// cannot reach it and its CSS cannot reach the host page. Its answers are kept in the host
// page's URL (`?certkit=<assessment JSON>`), so a result can be shared as a link. Attributes:
// `assessment` (initial assessment JSON), `height` (CSS length, default 1100px).
const BASE = new URL('./', import.meta.url);
const PARAM = 'certkit';

class CertkitCalculator extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const shadow = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = ':host{display:block;contain:content}iframe{display:block;width:100%;border:0;height:var(--certkit-height,1100px)}';
    const frame = document.createElement('iframe');
    frame.title = 'certkit: FinOps certification calculator';
    const height = this.getAttribute('height');
    if (height) frame.style.setProperty('height', height);
    const state = new URLSearchParams(window.location.search).get(PARAM) || this.getAttribute('assessment');
    const hash = '#/score?embed=1' + (state ? '&a=' + encodeURIComponent(state) : '');
    frame.src = new URL('index.html' + hash, BASE).href;
    shadow.append(style, frame);
    this._onMessage = (event) => {
      if (event.source !== frame.contentWindow || event.origin !== BASE.origin) return;
      const data = event.data;
      if (!data || data.certkit !== 'state' || typeof data.assessment !== 'string') return;
      const url = new URL(window.location.href);
      url.searchParams.set(PARAM, data.assessment);
      window.history.replaceState(window.history.state, '', url);
      this.dispatchEvent(new CustomEvent('certkit-change', { detail: JSON.parse(data.assessment), bubbles: true }));
    };
    window.addEventListener('message', this._onMessage);
  }

  disconnectedCallback() {
    if (this._onMessage) window.removeEventListener('message', this._onMessage);
  }
}

if (!customElements.get('certkit-calculator')) customElements.define('certkit-calculator', CertkitCalculator);
