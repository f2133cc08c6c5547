// The web editor's format (templates/admin/format.js) on every fixture file, in Node: run by
// tests/test_admin.py, which builds /admin/ into ADMIN_DIR and reads what this writes to OUT_DIR.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { pathToFileURL } from 'node:url';

const admin = process.env.ADMIN_DIR;
const load = (name) => import(pathToFileURL(path.join(admin, name)).href);
const { KEY, NOTE, Refused, makeFormat } = await load('format.js');
const { schemaCheck } = await load('schema-check.js');
const { carryNotes } = await load('commits.js');
const { parse } = await load('yaml/index.js');
const shapes = JSON.parse(fs.readFileSync(path.join(admin, 'shapes.json'), 'utf8'));
const schemas = Object.fromEntries(['common', 'report', 'bureau', 'metrics'].map((name) => [name,
  JSON.parse(fs.readFileSync(path.join(process.env.SCHEMAS_DIR, `${name}.schema.json`), 'utf8'))]));
const check = schemaCheck(schemas);

function* yamlFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* yamlFiles(full);
    else if (entry.name.endsWith('.yaml')) yield full;
  }
}
// SHARD=i/n: this process edits every n-th file's values, from the i-th (tests/test_admin.py runs
// the shards side by side); the other tests run in shard 0.
const [shard, shards] = (process.env.SHARD ?? '0/1').split('/').map(Number);
const others = { skip: shard !== 0 };
const files = [...yamlFiles(process.env.FIXTURES_DIR)].map((file) => [path.relative(process.env.FIXTURES_DIR, file),
  fs.readFileSync(file, 'utf8')]);

function format(memory = new Map()) {
  return makeFormat({ shapes, validate: check, memory: { get: (k) => memory.get(k), set: (k, v) => memory.set(k, v) } });
}

// The lines a change touched: what is left of each text once their common head and tail are cut.
function changed(before, after) {
  const a = before.split('\n'), b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { removed: a.slice(head, a.length - tail), added: b.slice(head, b.length - tail) };
}

// Every single value of the form's data, by path.
function* leaves(value, at = []) {
  if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* leaves(v, [...at, i]);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* leaves(v, [...at, k]);
  else yield [at, value];
}

function setIn(data, at, value) {
  const copy = structuredClone(data);
  let here = copy;
  for (const part of at.slice(0, -1)) here = here[part];
  here[at[at.length - 1]] = value;
  return copy;
}

const bump = (number) => number.replace(/[0-9](?=[^0-9]*$)/, (d) => String((Number(d) + 1) % 10));
const IDENTITY = new Set(['bureau', 'year', 'kind']);

// A different value of the same kind, or null where a form would not offer one (a choice, a
// block of YAML).
function edited(value, at) {
  if (typeof value !== 'string' || at.some((p) => p === KEY)) return null;
  if (at.length === 1 && IDENTITY.has(at[0])) return null;
  if (at[0] === 'project' && at[1] === 'id') return null;
  if (/^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(value)) return bump(value);
  if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value)) return `${value}-x`;
  if (/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return value.replace(/[0-9]$/, (d) => String((Number(d) + 1) % 10));
  if (value.includes('\n')) return null;
  let meaning;
  try {
    meaning = parse(value, { logLevel: 'error' });
  } catch {
    return `${value}改`; // text no YAML reader would take as it stands: a text field, written quoted
  }
  if (typeof meaning === 'number') return bump(value);
  if (typeof meaning !== 'string') return null;
  return meaning === value ? `${value}改` : JSON.stringify(`${meaning}改`);
}

test('a save without an edit gives every fixture file back byte for byte', others, () => {
  for (const [name, text] of files) {
    const f = format();
    assert.equal(f.toFile(f.fromFile(text)), text, name);
  }
});

const pattern = (at) => at.map((p) => (typeof p === 'number' ? '*' : p)).join('.');

// Where the first edit breaks the schema (a choice from a list, a level from 2 to 4), the values
// the file has at the same place elsewhere, or the number one lower.
function* candidates(value, at, seen) {
  const first = edited(value, at);
  if (first === null) return;
  yield first;
  if (/^[0-9]+$/.test(value) && value !== '0') yield String(Number(value) - 1);
  for (const other of seen.get(pattern(at)) ?? []) if (other !== value) yield other;
}

test('each value edited on its own changes exactly its one line', () => {
  let saved = 0, refused = 0;
  for (const [name, text] of files.filter((_, i) => i % shards === shard)) {
    const f = format();
    const data = f.fromFile(text);
    const seen = new Map();
    for (const [at, value] of leaves(data)) seen.set(pattern(at), new Set([...(seen.get(pattern(at)) ?? []), value]));
    for (const [at, value] of leaves(data)) {
      let out = null, why = '';
      for (const now of candidates(value, at, seen)) {
        try {
          out = f.toFile(setIn(data, at, now));
          break;
        } catch (error) {
          // Only the schema may refuse a value, and only because the value breaks it.
          assert.ok(error instanceof Refused && error.message.startsWith('不符合填写规范'), `${name} ${at.join('.')}: ${error.message}`);
          why = error.message;
        }
      }
      if (out === null) {
        if (why) {
          refused++;
          if (process.env.SHOW_REFUSED) console.log(`# refused ${name} ${at.join('.')} ${why.slice(0, 90)}`);
        }
        continue;
      }
      const { removed, added } = changed(text, out);
      assert.equal(removed.length, 1, `${name} ${at.join('.')}: ${JSON.stringify({ removed, added })}`);
      assert.equal(added.length, 1, `${name} ${at.join('.')}: ${JSON.stringify({ removed, added })}`);
      saved++;
    }
  }
  console.log(`# one-line edits: ${saved} saved, ${refused} with no other value the schema takes`);
  assert.ok(saved > 500 && refused < saved / 100, `${saved} saved, ${refused} refused`);
});

const LIWAN = 'reports/guangzhou-liwan/2023-self-evaluation.yaml';
const liwan = () => files.find(([name]) => name === LIWAN)[1];

test('removing a list item removes only its lines', others, () => {
  const f = format();
  const data = f.fromFile(liwan());
  const figures = data.money[0].figures;
  for (const [index, lines] of [[0, 1], [1, 6]]) {
    const out = f.toFile(setIn(data, ['money', 0, 'figures'], figures.filter((_, i) => i !== index)));
    const { removed, added } = changed(liwan(), out);
    assert.equal(added.length, 0);
    assert.equal(removed.length, lines);
    assert.ok(removed[0].includes(figures[index].id), removed[0]);
  }
  const out = f.toFile(setIn(data, ['problems'], data.problems.slice(1)));
  assert.deepEqual(changed(liwan(), out).added, []);
  assert.equal(changed(liwan(), out).removed.length, 1);
});

test('an added list item takes only new lines, in the style of the item before it, its number as typed', others, () => {
  const f = format();
  const data = f.fromFile(liwan());
  const figure = { id: 'added-income', label: '新增收入', value: '12.50', unit: '万元' };
  const first = setIn(data, ['money', 0, 'figures'], [data.money[0].figures[0], figure, ...data.money[0].figures.slice(1)]);
  let { removed, added } = changed(liwan(), f.toFile(first));
  assert.deepEqual(removed, []);
  assert.deepEqual(added, ['      - {id: added-income, label: 新增收入, value: 12.50, unit: 万元}']);
  const last = setIn(data, ['money', 0, 'figures'], [...data.money[0].figures, figure]);
  ({ removed, added } = changed(liwan(), f.toFile(last)));
  assert.deepEqual(removed, []);
  assert.deepEqual(added, ['      - id: added-income', '        label: 新增收入', '        value: 12.50', '        unit: 万元']);
  ({ removed, added } = changed(liwan(), f.toFile(setIn(data, ['problems'], [...data.problems, '新问题：待核实。']))));
  assert.deepEqual(removed, []);
  assert.equal(added.length, 1);
  assert.equal(parse(added[0].trim().slice(2)), '新问题：待核实。');
});

test('a new report is written in the project layout, and passes the schema', others, () => {
  const data = {
    bureau: 'guangzhou-liwan', year: '2025', kind: 'self-evaluation', title: '2025年度广州市荔湾区司法局部门整体支出绩效自评报告',
    source: { issuer: '广州市荔湾区司法局', document: '2025年度部门整体支出绩效自评报告.pdf', date_written: '' },
    money: [{ id: 'income', caption: '2025 年度收入', figures: [
      { id: 'total-income', label: '总收入', value: '7000.50', unit: '万元', measure: 'total-income' }] }],
    problems: ['no', '部分项目预算执行进度偏慢。'],
    [NOTE]: '',
  };
  const text = format().toFile(data);
  const lines = text.split('\n');
  assert.equal(lines[0], '# yaml-language-server: $schema=../../../schemas/report.schema.json');
  assert.deepEqual(lines.filter((l) => /^[a-z_]+:/.test(l)).map((l) => l.split(':')[0]),
    ['bureau', 'year', 'kind', 'title', 'source', 'money', 'problems']);
  assert.ok(lines.includes('year: 2025'));
  assert.ok(lines.some((l) => l.trim() === 'value: 7000.50'));
  assert.ok(lines.includes('  - "no"'), 'a word YAML 1.1 reads as false is quoted');
  assert.ok(lines.includes(''), 'sections are set apart by a blank line');
  assert.equal(check('report', parse(text)), '');
  fs.writeFileSync(path.join(process.env.OUT_DIR, 'new-report.yaml'), text);
});

test('a save that would lose or rewrite the file is refused, with a message for the editor', others, () => {
  const memory = new Map();
  const f = format(memory);
  const data = f.fromFile(liwan());
  const edit = setIn(data, ['title'], `${data.title}（修订）`);
  // The original is found by bureau, year and kind when the key it carried is not known...
  assert.equal(changed(liwan(), f.toFile({ ...edit, [KEY]: 'unknown' })).added.length, 1);
  // ...and without any memory of it, nothing is written.
  assert.throws(() => format().toFile(edit), (e) => e instanceof Refused && e.message.includes('不记得'));
  assert.throws(() => f.toFile(setIn(data, ['year'], '2024')), (e) => e instanceof Refused && e.message.includes('不能在网页上修改'));
  assert.throws(() => f.toFile(setIn(data, ['money', 0, 'figures', 0, 'value'], '6,952.31')), Refused);
  assert.throws(() => f.toFile(setIn(data, ['money', 0, 'figures', 0, 'unit'], '')), (e) => e.message.startsWith('不符合填写规范'));
  const odd = 'name:   广州市荔湾区司法局\nshort_name: 荔湾区司法局\nlevel: 区\nregion: {province: 广东省}\n';
  const bureau = f.fromFile(odd);
  assert.equal(f.toFile(bureau), odd, 'an unedited file is given back as it is');
  assert.throws(() => f.toFile({ ...bureau, short_name: '荔湾司法局' }), (e) => e.message.includes('原样保留'));
});

test('the reader\'s note rides the commit that carries the text it was written with', others, async () => {
  const sent = [];
  const registered = { init: () => ({ persistEntry: async (entry, options) => sent.push(options.commitMessage) }) };
  const notes = new Map([['text with a note', '  总收入按原文第 3 页\n更正为 6952.32 万元。 ']]);
  carryNotes(registered, notes);
  const backend = registered.init();
  await backend.persistEntry({ raw: 'text with a note', path: 'a.yaml' }, { commitMessage: '更正 self-evaluation：x' });
  await backend.persistEntry({ dataFiles: [{ raw: 'other text' }] }, { commitMessage: '更正 bureaus：y' });
  assert.deepEqual(sent, ['更正 self-evaluation：x\n\n更正说明: 总收入按原文第 3 页 更正为 6952.32 万元。', '更正 bureaus：y']);
});
