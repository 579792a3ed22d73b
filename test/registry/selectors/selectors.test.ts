import { describe, expect, it } from 'vitest';
import { parseFieldSelector } from '../../../src/registry/selectors/fields.js';
import { labelSelectorFromObject, parseLabelSelector } from '../../../src/registry/selectors/labels.js';

describe('label selectors', () => {
  it.each([
    ['', { app: 'x' }, true],
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'web' }, true],
    ['app=web', { app: 'db' }, false],
    ['app!=web', {}, true],
    ['app!=web', { app: 'web' }, false],
    ['tier in (a,b)', { tier: 'b' }, true],
    ['tier in (a, b)', { tier: 'c' }, false],
    ['tier notin (a,b)', { tier: 'c' }, true],
    ['tier notin (a,b)', {}, true],
    ['tier', { tier: '' }, true],
    ['tier', {}, false],
    ['!tier', {}, true],
    ['!tier', { tier: 'x' }, false],
    ['a=1,b=2', { a: '1', b: '2' }, true],
    ['a=1,b=2', { a: '1' }, false],
    ['n>3', { n: '4' }, true],
    ['n<3', { n: '4' }, false],
    ['example.com/role=db', { 'example.com/role': 'db' }, true],
    ['app=', { app: '' }, true],
  ])('%s matches %j: %s', (selector, labels, expected) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(expected);
  });

  it.each(['app=web=x', 'tier in (a', 'bad key=x', '-x=y', 'a=b c', 'in (x)', 'n>abc', `x=${'v'.repeat(64)}`])('rejects %s', (selector) => {
    expect(() => parseLabelSelector(selector)).toThrow();
  });

  it('round-trips to the string form', () => {
    expect(parseLabelSelector('a=1, b!=2,c in (x,y),!d,e').toString()).toBe('a=1,b!=2,c in (x,y),!d,e');
  });

  it('converts metav1.LabelSelector objects', () => {
    const s = labelSelectorFromObject({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }] });
    expect(s.matches({ app: 'web', tier: 'fe' })).toBe(true);
    expect(s.matches({ app: 'web', tier: 'be' })).toBe(false);
    expect(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] })).toThrow(/not a valid label selector operator/);
  });
});

describe('field selectors', () => {
  it.each([
    ['metadata.name=a', { 'metadata.name': 'a' }, true],
    ['metadata.name==a', { 'metadata.name': 'a' }, true],
    ['metadata.name!=a', { 'metadata.name': 'a' }, false],
    ['status.phase!=Succeeded,status.phase!=Failed', { 'status.phase': 'Running' }, true],
    ['status.phase!=Succeeded,status.phase!=Failed', { 'status.phase': 'Failed' }, false],
    ['involvedObject.name=a\\,b', { 'involvedObject.name': 'a,b' }, true],
  ])('%s matches %j: %s', (selector, fields, expected) => {
    expect(parseFieldSelector(selector).matches(fields)).toBe(expected);
  });

  it('finds pinned values and rejects garbage', () => {
    expect(parseFieldSelector('metadata.name=x,spec.nodeName=n').exactValue('metadata.name')).toBe('x');
    expect(() => parseFieldSelector('justakey')).toThrow(/can't understand/);
  });
});
