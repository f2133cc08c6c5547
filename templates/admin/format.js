// The web editor's file format: reads a content file into the form's data, and writes the form's
// data back by editing only the changed nodes of the file as it was read, so comments, flow style,
// key order, quoting and every number's text stay as written. It runs in the browser (Decap CMS's
// custom format) and in Node (tests/admin/format.test.mjs); it touches no DOM.
//
// The form sees numbers as their text ("100.0", not 100) and parts the form cannot express
// (a table cell that is a number or a figure, a list item that is text or an object) as YAML text.
// `shapes` (built from the JSON Schemas, generator/outputs/admin.py) says which paths are which.

import { Document, Scalar, isMap, isScalar, isSeq, parse, parseDocument, visit } from './yaml/index.js';

export const KEY = '_原文'; // the hidden field that names the file as it was read
export const NOTE = '_更正说明'; // the reader's note, for the commit message
// The form's own fields (the two above, a new bureau's file name, an upload) start with "_"; no
// schema names a key so. None is ever written to a file.
const isMeta = (key) => key.startsWith('_');
const WRITE = { lineWidth: 0, flowCollectionPadding: false };
const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

export class Refused extends Error {} // a save the format will not write; its message is for the editor

// Plain text the site's strict YAML reader would take for something else (it refuses YAML 1.1's
// booleans, leading zeros, 1:20 and the like): such text is written in quotes.
const AMBIGUOUS = new RegExp('^(?:' + [
  'y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE',
  '~|null|Null|NULL',
  '[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?',
  '[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)',
  '[-+]?(?:[0-9_]+|(?:[0-9][0-9_]*)?\\.[0-9_]+)(?:[eE][-+]?[0-9]+)?|\\+[0-9]+(?:\\.[0-9]+)?|[0-9]+\\.',
  '0[oOxXbB][0-9a-fA-F]+',
  '-?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?',
].join('|') + ')$');

function matches(patterns, path) {
  return patterns.some((p) => p.length === path.length &&
    p.every((part, i) => part === '*' ? typeof path[i] === 'number' : part === path[i]));
}

function pattern(path) {
  return path.map((part) => typeof part === 'number' ? '*' : part).join('.');
}

function typeOf(data) {
  if (data && typeof data === 'object' && 'kind' in data && 'bureau' in data) return 'report';
  if (data && typeof data === 'object' && Array.isArray(data.metrics)) return 'metrics';
  return 'bureau';
}

// The text of a node as the file has it, its later lines moved left to where it starts.
function sourceOf(text, node) {
  const [start, end] = node.range;
  const column = start - text.lastIndexOf('\n', start - 1) - 1;
  const indent = new RegExp('\n {0,' + column + '}', 'g');
  return text.slice(start, end).replace(indent, '\n').replace(/\n+$/, '');
}

function typeOfDocument(doc) {
  const has = (key) => isMap(doc.contents) && doc.contents.has(key);
  return has('kind') && has('bureau') ? 'report' : has('metrics') ? 'metrics' : 'bureau';
}

// A file's text as the form's data, with its parsed document.
function read(text, shapes) {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Refused(`文件不是有效的 YAML：${doc.errors[0].message.slice(0, 80)}`);
  const { texts } = shapes[typeOfDocument(doc)];
  const value = (node, path) => {
    if (path.length && matches(texts, path)) return node ? sourceOf(text, node) : '';
    if (isMap(node)) {
      return Object.fromEntries(node.items.map((pair) => [String(pair.key.value),
        value(pair.value, [...path, String(pair.key.value)])]));
    }
    if (isSeq(node)) return node.items.map((item, i) => value(item, [...path, i]));
    if (!isScalar(node) || node.value === null) return '';
    return typeof node.value === 'number' ? node.source ?? String(node.value) : node.value;
  };
  return { doc, data: value(doc.contents, []) };
}

const editable = (text, shapes) => read(text, shapes).data;

function isEmpty(value) {
  if (value === '' || value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(isEmpty);
  return false;
}

// Each object's meaning as text (meta fields and empty values left out, keys sorted, numbers as
// text), worked out once per object: a list's alignment compares every pair of items, and every
// level of an edit compares its subtree.
const canonicals = new WeakMap();
function canonical(value) {
  if (!value || typeof value !== 'object') return JSON.stringify(typeof value === 'number' ? String(value) : value);
  let text = canonicals.get(value);
  if (text === undefined) {
    text = Array.isArray(value)
      ? `[${value.map(canonical).join(',')}]`
      : `{${Object.keys(value).filter((k) => !isMeta(k) && !isEmpty(value[k])).sort()
        .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
    canonicals.set(value, text);
  }
  return text;
}

const same = (a, b) => canonical(a) === canonical(b);

// What form data means, for checking a save: YAML text parsed, so its spacing does not count.
function meaning(value, path, shape) {
  if (path.length && matches(shape.texts, path) && typeof value === 'string') return parse(value, { logLevel: 'error' });
  if (Array.isArray(value)) return value.map((v, i) => meaning(v, [...path, i], shape));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, meaning(v, [...path, k], shape)]));
  }
  return value;
}

function numberNode(text) {
  const node = new Scalar(Number(text));
  const fraction = text.split('.')[1];
  if (fraction) node.minFractionDigits = fraction.length;
  return node;
}

// Plain text the site would not read as text is put in quotes.
function quoteIfAmbiguous(node) {
  const plain = node.type === Scalar.PLAIN || node.type === undefined;
  if (plain && typeof node.value === 'string' && AMBIGUOUS.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

const textNode = (value) => quoteIfAmbiguous(new Scalar(value));

// Longest common subsequence of two lists, by `same`: the pairs (i, j) kept in place.
function alignment(old, now) {
  const n = old.length, m = now.length;
  const table = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i][j] = same(old[i], now[j]) ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const pairs = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (same(old[i], now[j])) { pairs.push([i, j]); i++; j++; } else if (table[i + 1][j] >= table[i][j + 1]) i++; else j++;
  }
  return pairs;
}

class Writer {
  constructor(doc, shapes) {
    this.doc = doc;
    this.shapes = shapes;
  }

  isNumber(path) { return matches(this.shapes.numbers, path); }
  isText(path) { return path.length > 0 && matches(this.shapes.texts, path); }

  // A new node for value at path, flow-styled like its sibling where it has one.
  build(value, path, sibling) {
    if (this.isText(path)) return this.fragment(value);
    if (typeof value === 'string') {
      if (this.isNumber(path) && NUMBER.test(value)) return numberNode(value);
      return textNode(value);
    }
    if (Array.isArray(value)) {
      const node = this.doc.createNode([]);
      value.filter((v) => !isEmpty(v)).forEach((v, i) => node.items.push(this.build(v, [...path, i])));
      if (sibling?.flow) node.flow = true;
      return node;
    }
    if (value && typeof value === 'object') {
      const node = this.doc.createNode({});
      for (const key of this.ordered(path, Object.keys(value))) {
        if (!isEmpty(value[key])) node.add(this.doc.createPair(key, this.build(value[key], [...path, key])));
      }
      if (sibling?.flow) node.flow = true;
      return node;
    }
    return this.doc.createNode(value);
  }

  // Keys in the schema's order; keys the schema does not name keep their place after them.
  ordered(path, keys) {
    const order = this.shapes.order[pattern(path)] ?? [];
    const rank = (k) => (order.indexOf(k) + 1 || order.length + 1);
    return [...keys].sort((a, b) => rank(a) - rank(b));
  }

  fragment(text) {
    const doc = parseDocument(text);
    if (doc.errors.length || doc.warnings.length) {
      throw new Refused(`“${text.slice(0, 30)}” 不是有效的 YAML：${(doc.errors[0] ?? doc.warnings[0]).message.slice(0, 60)}`);
    }
    visit(doc, { Scalar(_, node) { quoteIfAmbiguous(node); } });
    return doc.contents ?? this.doc.createNode(null);
  }

  // node edited from old to now (both form data); returns the node to keep in its place.
  edit(node, path, old, now) {
    if (same(old, now)) return node;
    if (this.isText(path)) return this.fragment(now);
    if (isMap(node) && now && typeof now === 'object' && !Array.isArray(now)) {
      for (const pair of [...node.items]) {
        const key = String(pair.key.value);
        if (isEmpty(now[key])) {
          if (!isEmpty(old?.[key])) node.delete(pair.key);
        } else {
          pair.value = this.edit(pair.value, [...path, key], old?.[key], now[key]);
        }
      }
      const present = new Set(node.items.map((pair) => String(pair.key.value)));
      const order = this.ordered(path, Object.keys(now).filter((k) => !isMeta(k)));
      for (const key of order) {
        if (present.has(key) || isEmpty(now[key])) continue;
        const after = order.slice(0, order.indexOf(key)).filter((k) => present.has(k)).pop();
        const at = after === undefined ? 0 : node.items.findIndex((p) => String(p.key.value) === after) + 1;
        node.items.splice(at, 0, this.doc.createPair(key, this.build(now[key], [...path, key])));
        present.add(key);
      }
      return node;
    }
    if (isSeq(node) && Array.isArray(now)) {
      const items = [];
      let i = 0, j = 0;
      // Between items kept in place: the rest edited pairwise, new ones added, old ones dropped.
      for (const [keptOld, keptNew] of [...alignment(old, now), [old.length, now.length]]) {
        for (; i < keptOld && j < keptNew; i++, j++) items.push(this.edit(node.items[i], [...path, j], old[i], now[j]));
        for (; j < keptNew; j++) {
          const sibling = items[items.length - 1] ?? node.items[keptOld] ?? node.items[0]; // the one before, else after
          if (!isEmpty(now[j])) items.push(this.build(now[j], [...path, j], sibling));
        }
        if (keptOld < old.length) items.push(node.items[keptOld]);
        i = keptOld + 1;
        j = keptNew + 1;
      }
      node.items = items;
      return node;
    }
    if (isScalar(node) && typeof now === 'string') {
      if ((typeof node.value === 'number' || this.isNumber(path)) && NUMBER.test(now)) return numberNode(now);
      if (typeof node.value === 'string') {
        node.value = now;
        return quoteIfAmbiguous(node);
      }
    }
    return this.build(now, path);
  }
}

// Where the schema line points from each kind of file (content/reports/<bureau>/, content/bureaus/, content/).
const SCHEMA_LINE = {
  report: ' yaml-language-server: $schema=../../../schemas/report.schema.json',
  bureau: ' yaml-language-server: $schema=../../schemas/bureau.schema.json',
  metrics: ' yaml-language-server: $schema=../schemas/metrics.schema.json',
};

// A new file in the project's own layout: the schema line, keys in the schema's order, and a
// blank line before each section after the first.
function newFile(data, shapes) {
  const doc = new Document({});
  const writer = new Writer(doc, shapes[typeOf(data)]);
  doc.contents = writer.build(data, []);
  doc.commentBefore = SCHEMA_LINE[typeOf(data)];
  let sections = 0;
  for (const pair of doc.contents.items) {
    if ((isMap(pair.value) || isSeq(pair.value)) && sections++ > 0) pair.key.spaceBefore = true;
  }
  return doc.toString(WRITE);
}

// A file as it was read: its text, form data and document, and whether writing the document out
// gives the text back (the condition for editing it in place).
class Original {
  constructor(text, shapes) {
    Object.assign(this, read(text, shapes), { text });
    this.reproducible = this.doc.toString(WRITE) === text;
  }
}

// The form's data written over the original (null for a new file): only what changed is rewritten.
function written(original, data, shapes) {
  const now = Object.fromEntries(Object.entries(data).filter(([k]) => !isMeta(k)));
  if (original === null) return newFile(now, shapes);
  if (same(original.data, now)) return original.text;
  if (!original.reproducible) throw new Refused('这个文件的写法无法在网页编辑中原样保留，请用文本编辑器修改它。');
  const doc = original.doc.clone();
  doc.contents = new Writer(doc, shapes[typeOfDocument(doc)]).edit(doc.contents, [], original.data, now);
  return doc.toString(WRITE);
}

// A 32-bit FNV-1a digest of the text, in hex: the key the form carries to find the original.
function digest(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0') + text.length.toString(16);
}

// Which file data is, when the key it carries is not remembered: a report by bureau, year, kind
// and project, a bureau by its name, the measure dictionary by itself.
function identity(data) {
  const parts = [data?.bureau, data?.year, data?.kind, data?.project?.id, typeOf(data) === 'bureau' ? data?.name : ''];
  return [typeOf(data), ...parts.map((p) => p ?? '')].join(':');
}

// The format Decap CMS registers. memory: get(key)/set(key, text), kept across the page's life
// (setup.js backs it with sessionStorage). validate(type, value): the schema's first problem, or "".
export function makeFormat({ shapes, validate, memory }) {
  let open = null; // the Original of the file being edited, kept for its next save
  const originalOf = (text) => (open?.text === text ? open : (open = new Original(text, shapes)));
  return {
    fromFile(text) {
      const data = editable(text, shapes);
      const key = digest(text);
      memory.set(key, text);
      memory.set(identity(data), key);
      return { ...data, [KEY]: key };
    },
    toFile(data) {
      const key = data[KEY] || '';
      const original = key ? (memory.get(key) ?? memory.get(memory.get(identity(data)) ?? '')) : null;
      if (key && original == null) {
        throw new Refused('网页已不记得这个文件打开时的原文，为免整份重写，本次不保存。请刷新页面、重新打开该文件后再改。');
      }
      const old = original == null ? null : originalOf(original);
      if (old !== null && typeOf(data) === 'report' && identity(old.data) !== identity(data)) {
        throw new Refused('已有报告的机构、年度、类型和项目不能在网页上修改。如确需更改，请新建报告，或请维护人员改文件名。');
      }
      const text = written(old, data, shapes);
      const { doc, data: reread } = read(text, shapes);
      const shape = shapes[typeOfDocument(doc)];
      if (!same(meaning(reread, [], shape), meaning(data, [], shape))) throw new Refused('保存结果与表单内容不一致，本次不保存。请把此情况告知网站维护人员。');
      const problem = validate(typeOfDocument(doc), doc.toJS());
      if (problem) throw new Refused(`不符合填写规范，未保存：${problem}`);
      return text;
    },
  };
}
