import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../src/registry/validation/field-error.js';
import {
  formatFieldError,
  formatFieldErrorBody,
  invalidStatusCauses,
  invalidStatusMessage,
} from '../../../src/registry/validation/index.js';
import { notSupported, tooLong, tooMany } from '../../../src/registry/validation/errors.js';
import { goLabelSelector, goQuote } from '../../../src/registry/validation/go-value.js';

describe('formatFieldError (field.Error.Error)', () => {
  it.each<[string, FieldError, string]>([
    ['string value is %q-quoted', { type: 'FieldValueInvalid', field: 'metadata.name', badValue: 'a"b', detail: 'bad' }, 'metadata.name: Invalid value: "a\\"b": bad'],
    ['integers print plainly', { type: 'FieldValueInvalid', field: 'spec.replicas', badValue: -1, detail: 'must be greater than or equal to 0' }, 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ['booleans print plainly', { type: 'FieldValueNotSupported', field: 'x', badValue: true, detail: '' }, 'x: Unsupported value: true'],
    ['nil prints a quoted null', { type: 'FieldValueInvalid', field: 'x', badValue: null, detail: 'd' }, 'x: Invalid value: "null": d'],
    ['string maps print as Go maps, sorted', { type: 'FieldValueInvalid', field: 'l', badValue: { b: '2', a: '1' }, detail: 'd' }, 'l: Invalid value: map[string]string{"a":"1", "b":"2"}: d'],
    ['string slices print as Go slices', { type: 'FieldValueInvalid', field: 's', badValue: ['a', 'b'], detail: 'd' }, 's: Invalid value: []string{"a", "b"}: d'],
    ['required hides the value', { type: 'FieldValueRequired', field: 'spec.containers', badValue: '', detail: '' }, 'spec.containers: Required value'],
    ['required keeps its detail', { type: 'FieldValueRequired', field: 'metadata.name', badValue: '', detail: 'name or generateName is required' }, 'metadata.name: Required value: name or generateName is required'],
    ['forbidden hides the value', { type: 'FieldValueForbidden', field: 'data', badValue: 'x', detail: 'field is immutable when `immutable` is set' }, 'data: Forbidden: field is immutable when `immutable` is set'],
    ['duplicate shows the value', { type: 'FieldValueDuplicate', field: 'spec.containers[1].name', badValue: 'web', detail: '' }, 'spec.containers[1].name: Duplicate value: "web"'],
    ['not found shows the value', { type: 'FieldValueNotFound', field: 'v', badValue: 'x', detail: '' }, 'v: Not found: "x"'],
    ['internal error', { type: 'InternalError', field: 'f', badValue: null, detail: 'boom' }, 'f: Internal error: boom'],
  ])('%s', (_name, error, expected) => {
    expect(formatFieldError(error)).toBe(expected);
  });

  it('renders NotSupported with quoted valid values', () => {
    expect(formatFieldError(notSupported('spec.restartPolicy', 'Sometimes', ['Always', 'OnFailure', 'Never']))).toBe(
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
  });

  it('renders TooLong and TooMany like upstream', () => {
    expect(formatFieldError(tooLong('metadata.annotations', 262144))).toBe('metadata.annotations: Too long: may not be more than 262144 bytes');
    expect(formatFieldError(tooMany('spec.x', 5, 4))).toBe('spec.x: Too many: 5: must have at most 4 items');
  });

  it('renders a LabelSelector as the Go struct', () => {
    expect(goLabelSelector({ matchLabels: { app: 'web' } }).text).toBe(
      'v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
    );
  });

  it('quotes like strconv.Quote', () => {
    expect(goQuote('tab\there\n')).toBe('"tab\\there\\n"');
    expect(goQuote('\x01')).toBe('"\\x01"');
    expect(goQuote('héllo')).toBe('"héllo"');
  });
});

describe('invalidStatusMessage (errors.NewInvalid)', () => {
  const nameError: FieldError = { type: 'FieldValueRequired', field: 'spec.ports', badValue: '', detail: '' };
  const other: FieldError = { type: 'FieldValueInvalid', field: 'spec.replicas', badValue: -1, detail: 'must be greater than or equal to 0' };

  it('uses the single-error form for the core group', () => {
    expect(invalidStatusMessage('Service', '', 'web', [nameError])).toBe('Service "web" is invalid: spec.ports: Required value');
  });

  it('qualifies the kind with its group and brackets several errors', () => {
    expect(invalidStatusMessage('Deployment', 'apps', 'web', [other, nameError])).toBe(
      'Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.ports: Required value]',
    );
  });

  it('collapses duplicate messages', () => {
    expect(invalidStatusMessage('ConfigMap', '', 'x', [nameError, nameError])).toBe('ConfigMap "x" is invalid: spec.ports: Required value');
  });

  it('has no suffix without errors', () => {
    expect(invalidStatusMessage('ConfigMap', '', 'x', [])).toBe('ConfigMap "x" is invalid');
  });

  it('gives causes with the body text (no field prefix)', () => {
    expect(invalidStatusCauses([other])).toEqual([
      { reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' },
    ]);
    expect(formatFieldErrorBody(nameError)).toBe('Required value');
  });
});
