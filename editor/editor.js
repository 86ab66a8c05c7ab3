// The form editor's own part: how a form becomes a data file. Decap CMS's YAML writer drops the
// first-line comment that names the JSON Schema, writes YAML 1.2 (unquoted 13:00, which the
// generator's YAML 1.1 reader takes for a number) and keeps fields the form left empty. This format
// writes what `make check` accepts.
import { parse, stringify } from './yaml/index.js';

const settings = JSON.parse(document.getElementById('editor-settings').textContent);

// Empty strings, lists and blocks are what an untouched optional field leaves: not facts.
function prune(value) {
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((item) => item !== undefined);
    return items.length ? items : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const kept = Object.entries(value)
      .map(([key, item]) => [key, prune(item)])
      .filter(([, item]) => item !== undefined);
    return kept.length ? Object.fromEntries(kept) : undefined;
  }
  return value === '' || value === null || value === undefined ? undefined : value;
}

// Fields in the order of the form (which is the order of the model), at every depth.
function ordered(value, order) {
  if (Array.isArray(value)) return value.map((item) => ordered(item, order));
  if (value === null || typeof value !== 'object' || !order) return value;
  const keys = [...Object.keys(order).filter((key) => key in value),
    ...Object.keys(value).filter((key) => !(key in order))];
  return Object.fromEntries(keys.map((key) => [key, ordered(value[key], order[key])]));
}

CMS.registerCustomFormat('yml-with-schema', 'yml', {
  fromFile(text) {
    const data = parse(text) || {};
    if (data.areas === 'all') data.areas = ['all'];
    return data;
  },
  toFile(data) {
    const clean = prune(data) || {};
    // One select box holds both answers the model allows: "all" alone, or a list of area codes.
    if (Array.isArray(clean.areas) && clean.areas.includes('all')) clean.areas = 'all';
    return `${settings.schema_line}\n${stringify(ordered(clean, settings.order), { version: '1.1', lineWidth: 0 })}`;
  },
});

// No media library (see generator/editor.py): it offers nothing, so Decap shows no upload button.
CMS.registerMediaLibrary({
  name: settings.no_media,
  init: () => ({ show() {}, hide() {}, enableStandalone: () => false }),
});

CMS.init();
