// The JSON Schemas' check of a file about to be saved, the same schemas the site's validator
// starts from (its rules beyond the schemas run where the file is saved: serve, or CI).
import { Validator } from './json-schema/index.js';

const BASE = 'https://schemas.invalid/schema/'; // an address for resolving the schemas' $refs

// schemas: {common, report, bureau, metrics}, as in schemas/. Returns check(type, value): the
// first problem, located, or "".
export function schemaCheck(schemas) {
  const made = {};
  for (const type of ['report', 'bureau', 'metrics']) {
    const validator = new Validator({ ...schemas[type], $id: `${BASE}${type}.schema.json` }, '2020-12', false);
    validator.addSchema({ ...schemas.common, $id: `${BASE}common.schema.json` });
    made[type] = validator;
  }
  return (type, value) => {
    const { valid, errors } = made[type].validate(value);
    if (valid) return '';
    const deepest = errors[errors.length - 1];
    return `${deepest.instanceLocation.replace(/^#\/?/, '') || '文件'}：${deepest.error}`.slice(0, 200);
  };
}
