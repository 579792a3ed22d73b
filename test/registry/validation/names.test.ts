import { describe, expect, it } from 'vitest';
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  nameValidationFor,
  validateName,
  type NameValidation,
} from '../../../src/registry/validation/names.js';

const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const dns1035Msg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const labelValueMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const namePartMsg =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('DNS name checks', () => {
  it.each<[string, (v: string) => string[], string, string[]]>([
    ['subdomain ok', isDNS1123Subdomain, 'a.b-c.d', []],
    ['subdomain uppercase', isDNS1123Subdomain, 'Web', [subdomainMsg]],
    ['subdomain too long', isDNS1123Subdomain, 'a'.repeat(254), ['must be no more than 253 characters']],
    ['label ok', isDNS1123Label, '123-abc', []],
    ['label with dots', isDNS1123Label, 'a.b', ['must not contain dots']],
    ['label invalid', isDNS1123Label, 'a_b', [labelMsg]],
    ['label too long', isDNS1123Label, 'a'.repeat(64), ['must be no more than 63 characters']],
    ['dns1035 leading digit', isDNS1035Label, '1abc', [dns1035Msg]],
    ['dns1035 ok', isDNS1035Label, 'abc-1', []],
  ])('%s', (_name, check, value, expected) => {
    expect(check(value)).toEqual(expected);
  });
});

describe('qualified names and label values', () => {
  it.each<[string, string[]]>([
    ['app.kubernetes.io/name', []],
    ['MyName', []],
    ['/name', ['prefix part must be non-empty']],
    ['example.com/', ['name part must be non-empty', namePartMsg]],
    ['Example.com/x', ['prefix part ' + subdomainMsg]],
    ['-bad', [namePartMsg]],
  ])('isQualifiedName(%j)', (value, expected) => {
    expect(isQualifiedName(value)).toEqual(expected);
  });

  it('rejects more than one slash with the combined message', () => {
    expect(isQualifiedName('a/b/c')[0]).toMatch(/^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/);
  });

  it.each<[string, string[]]>([
    ['', []],
    ['v1.2_3', []],
    ['-x', [labelValueMsg]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
  ])('isValidLabelValue(%j)', (value, expected) => {
    expect(isValidLabelValue(value)).toEqual(expected);
  });
});

describe('config keys and port names', () => {
  it.each<[string, string[]]>([
    ['app.properties', []],
    ['..data', [`must not start with '..'`]],
    ['.', [`must not be '.'`]],
    ['a b', ["a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"]],
  ])('isConfigMapKey(%j)', (value, expected) => {
    expect(isConfigMapKey(value)).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['http', []],
    ['80', ['must contain at least one letter (a-z)']],
    ['a--b', ['must not contain consecutive hyphens']],
    ['-web', ['must not begin or end with a hyphen']],
    ['Web', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
    ['abcdefghijklmnop', ['must be no more than 15 characters']],
  ])('isValidPortName(%j)', (value, expected) => {
    expect(isValidPortName(value)).toEqual(expected);
  });
});

describe('object name rules', () => {
  it.each<[string, string, NameValidation]>([
    ['', 'Namespace', 'dns1123Label'],
    ['', 'Service', 'dns1035Label'],
    ['', 'ConfigMap', 'dns1123Subdomain'],
    ['apps', 'StatefulSet', 'dns1123Label'],
    ['apps', 'Deployment', 'dns1123Subdomain'],
    ['rbac.authorization.k8s.io', 'ClusterRole', 'path'],
    ['rbac.authorization.k8s.io', 'RoleBinding', 'path'],
    ['example.com', 'Widget', 'dns1123Subdomain'],
  ])('nameValidationFor(%j, %j) is %s', (group, kind, expected) => {
    expect(nameValidationFor(group, kind)).toBe(expected);
  });

  it('checks RBAC path-segment names', () => {
    expect(validateName('path', 'system:admin', false)).toEqual([]);
    expect(validateName('path', '..', false)).toEqual([`may not be '..'`]);
    expect(validateName('path', 'a/b%c', false)).toEqual([`may not contain '/'`, `may not contain '%'`]);
    expect(validateName('path', '.', true)).toEqual([]);
  });

  it('masks a trailing dash of generateName as upstream does', () => {
    expect(validateName('dns1123Subdomain', 'web-', true)).toEqual([]);
    expect(validateName('dns1123Subdomain', 'Web-', true)).toEqual([subdomainMsg]);
    expect(validateName('dns1123Subdomain', 'web-', false)).toEqual([subdomainMsg]);
  });
});
