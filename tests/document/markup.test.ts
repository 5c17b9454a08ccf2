import { describe, expect, it } from 'vitest';
import { parseMarkup } from '../../src/document/index.js';

describe('a text the same in both languages', () => {
  it('is one text, printed once rather than as "UMID / UMID"', () => {
    const markup = `<document lang="en" secondary-lang="fil" title="Form">
      <field id="id-type" type="choice">
        <label><primary>ID type</primary><secondary>Uri ng ID</secondary></label>
        <option id="umid"><primary>UMID</primary><secondary>UMID</secondary></option>
        <option id="passport"><primary>Passport</primary><secondary>Pasaporte</secondary></option>
      </field>
    </document>`;
    const [field] = parseMarkup({ name: 'form', file: 'form.hbs', markup }).blocks;
    expect(field).toMatchObject({ type: 'field', label: { primary: 'ID type', secondary: 'Uri ng ID' } });
    expect(field!.type === 'field' && field.options.map((option) => option.label)).toEqual([{ primary: 'UMID' }, { primary: 'Passport', secondary: 'Pasaporte' }]);
  });
});
