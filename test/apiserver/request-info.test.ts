import { describe, expect, it } from 'vitest';
import { negotiateDiscovery, negotiateObjectView, parseAccept } from '../../src/apiserver/negotiation.js';
import { parseRequestInfo } from '../../src/apiserver/request-info.js';

describe('parseRequestInfo', () => {
  it.each([
    ['GET', '/api', undefined, { kind: 'discovery', legacy: true }],
    ['GET', '/apis', undefined, { kind: 'discovery', legacy: false }],
    ['GET', '/apis/apps', undefined, { kind: 'discovery', legacy: false, group: 'apps' }],
    ['GET', '/api/v1', undefined, { kind: 'discovery', legacy: true, group: '', version: 'v1' }],
    ['GET', '/apis/apps/v1', undefined, { kind: 'discovery', legacy: false, group: 'apps', version: 'v1' }],
    ['GET', '/api/v1/pods', undefined, { kind: 'resource', verb: 'list', group: '', version: 'v1', resource: 'pods' }],
    ['GET', '/api/v1/pods', 'true', { kind: 'resource', verb: 'watch', group: '', version: 'v1', resource: 'pods' }],
    ['GET', '/api/v1/watch/namespaces/a/pods', undefined, { kind: 'resource', verb: 'watch', group: '', version: 'v1', namespace: 'a', resource: 'pods' }],
    ['GET', '/api/v1/namespaces/a/pods/p', undefined, { kind: 'resource', verb: 'get', group: '', version: 'v1', namespace: 'a', resource: 'pods', name: 'p' }],
    ['PUT', '/api/v1/namespaces/a/pods/p/status', undefined, { kind: 'resource', verb: 'update', group: '', version: 'v1', namespace: 'a', resource: 'pods', name: 'p', subresource: 'status' }],
    ['GET', '/api/v1/namespaces/a', undefined, { kind: 'resource', verb: 'get', group: '', version: 'v1', resource: 'namespaces', name: 'a' }],
    ['PUT', '/api/v1/namespaces/a/finalize', undefined, { kind: 'resource', verb: 'update', group: '', version: 'v1', resource: 'namespaces', name: 'a', subresource: 'finalize' }],
    ['DELETE', '/apis/apps/v1/namespaces/a/deployments', undefined, { kind: 'resource', verb: 'deletecollection', group: 'apps', version: 'v1', namespace: 'a', resource: 'deployments' }],
    ['PATCH', '/apis/apps/v1/namespaces/a/deployments/d/scale', undefined, { kind: 'resource', verb: 'patch', group: 'apps', version: 'v1', namespace: 'a', resource: 'deployments', name: 'd', subresource: 'scale' }],
    ['POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', undefined, { kind: 'resource', verb: 'create', group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles' }],
    ['GET', '/api/v1/namespaces/a/pods/p/log/extra', undefined, { kind: 'other' }],
    ['GET', '/metrics', undefined, { kind: 'other' }],
  ])('%s %s (watch=%s)', (method, path, watch, expected) => {
    expect(parseRequestInfo(method, path, watch)).toEqual(expected);
  });

  it('decodes escaped path segments', () => {
    expect(parseRequestInfo('GET', '/api/v1/namespaces/a/configmaps/x%2Ey', undefined)).toMatchObject({ name: 'x.y' });
  });
});

describe('content negotiation', () => {
  const kubectlGet = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
  it('picks the first acceptable view', () => {
    expect(negotiateObjectView(parseAccept(kubectlGet), true)).toEqual({ as: 'Table', version: 'v1' });
    expect(negotiateObjectView(parseAccept('application/json'), false)).toEqual({ as: 'object' });
    expect(negotiateObjectView(parseAccept(undefined), false)).toEqual({ as: 'object' });
    expect(negotiateObjectView(parseAccept('application/vnd.kubernetes.protobuf,application/json'), false)).toEqual({ as: 'object' });
    expect(negotiateObjectView(parseAccept('application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io'), true)).toEqual({ as: 'PartialObjectMetadata', version: 'v1' });
    expect(negotiateObjectView(parseAccept('text/html'), false)).toBeUndefined();
  });

  it('answers aggregated discovery with the exact media type the client listed', () => {
    const v127 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
    expect(negotiateDiscovery(parseAccept(v127))).toEqual({ as: 'aggregated', version: 'v2beta1', contentType: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList' });
    const v133 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
    expect(negotiateDiscovery(parseAccept(v133))).toMatchObject({ as: 'aggregated', version: 'v2' });
    expect(negotiateDiscovery(parseAccept('application/json'))).toEqual({ as: 'legacy' });
  });
});
