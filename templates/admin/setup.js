// The web editor's start: the schemas and shapes are fetched, the text-preserving format is
// registered, each backend is wrapped so the commit carries the editor's 更正说明, then Decap starts.
import { carryNotes } from './commits.js';
import { NOTE, makeFormat } from './format.js';
import { schemaCheck } from './schema-check.js';

const FORMAT = 'disclosure-yaml'; // generator/outputs/admin.py names it in every collection

async function json(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

// The originals as read, for this tab's life: a reload keeps them, another tab has its own.
const memory = {
  get: (key) => sessionStorage.getItem(`原文:${key}`),
  set: (key, text) => {
    try { sessionStorage.setItem(`原文:${key}`, text); } catch { /* full: the format refuses rather than guess */ }
  },
};

// The note a save's text was written with, so the commit that carries that text can say it.
const notes = new Map();

const SCHEMAS = ['common', 'report', 'bureau', 'metrics']; // the site publishes them at /schema/
const [config, shapes, ...schemas] = await Promise.all([
  json('config.json'), json('shapes.json'), ...SCHEMAS.map((n) => json(`../schema/${n}.schema.json`)),
]);
const format = makeFormat({
  shapes, memory, validate: schemaCheck(Object.fromEntries(SCHEMAS.map((n, i) => [n, schemas[i]]))),
});
CMS.registerCustomFormat(FORMAT, 'yaml', {
  fromFile: format.fromFile,
  toFile(data) {
    const plain = typeof data?.toJS === 'function' ? data.toJS() : data;
    const text = format.toFile(plain);
    if (plain[NOTE]) notes.set(text, String(plain[NOTE]));
    return text;
  },
});
for (const name of ['github', 'gitlab', 'gitea', 'proxy']) carryNotes(CMS.getBackend(name), notes);

// A report's bureau and year are chosen once: on an existing report they are shown, not edited
// (Decap has no read-only field; the format refuses a change anyway). LOCKED names the widgets.
for (const name of ['relation', 'string']) {
  const inner = CMS.getWidget(name);
  const Locked = window.createClass({
    render() {
      if (this.props.entry.get('newRecord')) return window.h(inner.control, this.props);
      const shown = this.props.value == null ? '' : String(this.props.value);
      const look = { background: '#eff0f4', cursor: 'default' }; // a box that does not look like a field
      return window.h('p', { id: this.props.forID, className: this.props.classNameWrapper, style: look,
        'aria-readonly': 'true' }, shown);
    },
  });
  CMS.registerWidget(`locked-${name}`, Locked, inner.preview);
}
config.local_backend.url = new URL(config.local_backend.url, location.href).href; // Decap wants it whole
CMS.init({ config: { ...config, load_config_file: false } });
