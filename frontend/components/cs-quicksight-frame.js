// <cs-quicksight-frame>: shows a QuickSight dashboard or one visual from a fresh embed URL (property `url`, kind
// `dashboard` or `visual`) through the Amazon QuickSight embedding SDK, which makes the iframe and talks to it.
import { createEmbeddingContext } from 'amazon-quicksight-embedding-sdk';

class ClickstreamQuickSightFrame extends HTMLElement {
  static get observedAttributes() {
    return [];
  }

  constructor() {
    super();
    this._url = '';
    this._kind = 'dashboard';
  }

  connectedCallback() {
    // Not in the constructor: an element made by document.createElement must not get attributes there (the
    // browser then reports an error and makes an HTMLUnknownElement instead).
    this.style.display = 'block';
    // The server may set `kind` and `url` before this module is loaded (a route's chunk comes later): they are then
    // plain properties of the element that hide the setters below, so take them over, kind first.
    for (const name of ['kind', 'url']) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
  }

  set kind(value) {
    this._kind = value || 'dashboard';
  }

  get kind() {
    return this._kind;
  }

  set url(value) {
    if (value && value !== this._url) {
      this._url = value;
      this._embed();
    }
  }

  get url() {
    return this._url;
  }

  async _embed() {
    this.replaceChildren();
    this.removeAttribute('failed');
    try {
      const context = await createEmbeddingContext();
      const frame = { url: this._url, container: this, height: '100%', width: '100%' };
      const options = {
        onMessage: async (event) => {
          if (event.eventName === 'CONTENT_LOADED') {
            this.setAttribute('rendered', '');
          } else if (event.eventName === 'ERROR_OCCURRED' || event.eventName === 'FAILED_TO_LOAD') {
            this._fail('QuickSight could not show this content. Reload the page to try again.');
          }
        },
      };
      if (this._kind === 'visual') {
        await context.embedVisual(frame, options);
      } else {
        await context.embedDashboard(frame, options);
      }
    } catch (e) {
      console.error('QuickSight embedding failed', e);
      this._fail('QuickSight could not be loaded. Reload the page to try again.');
    }
  }

  _fail(text) {
    this.setAttribute('failed', '');
    const message = document.createElement('p');
    message.className = 'cs-tile-message';
    message.textContent = text;
    this.replaceChildren(message);
  }
}

customElements.define('cs-quicksight-frame', ClickstreamQuickSightFrame);
