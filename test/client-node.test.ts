// src/client-node.ts is the product's only way to client-node's values, and the build ships it as
// one bundle (hack/bundle-client-node.mjs): a value imported from the package anywhere else would
// load all of client-node again beside the bundle, with classes of its own.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as facade from '../src/client-node.js';
import { REPO } from './cli/run.js';

const PACKAGE = '@kubernetes/client-node';
const FACADE = 'src/client-node.ts';

/** The places in `text` that bring in a value of `PACKAGE` (type-only imports and exports are erased). */
function valueImportsOfPackage(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === PACKAGE) {
      if (!typeOnly(node)) found.push(node.getText(source));
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0]) && node.arguments[0].text === PACKAGE) {
      found.push(node.getText(source));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function typeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    return node.isTypeOnly || (node.exportClause !== undefined && ts.isNamedExports(node.exportClause) && node.exportClause.elements.every((e) => e.isTypeOnly));
  }
  const clause = node.importClause;
  if (!clause) return false; // a side-effect import loads the package
  if (clause.isTypeOnly) return true;
  if (clause.name || !clause.namedBindings || ts.isNamespaceImport(clause.namedBindings)) return false;
  return clause.namedBindings.elements.every((e) => e.isTypeOnly);
}

describe('client-node facade', () => {
  it('is the only module of src/ that imports values from @kubernetes/client-node', () => {
    const offenders = readdirSync(join(REPO, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => join('src', file))
      .map((file) => ({ file, imports: valueImportsOfPackage(file, readFileSync(join(REPO, file), 'utf8')) }))
      .filter(({ file, imports }) => file !== FACADE && imports.length > 0);
    expect(offenders).toEqual([]);
  });

  it('the check finds value imports, side-effect imports and dynamic imports, and lets type-only ones pass', () => {
    expect(valueImportsOfPackage('a.ts', `import { KubeConfig, type V1Pod } from '${PACKAGE}';`)).toHaveLength(1);
    expect(valueImportsOfPackage('a.ts', `import * as k8s from '${PACKAGE}';`)).toHaveLength(1);
    expect(valueImportsOfPackage('a.ts', `import '${PACKAGE}';`)).toHaveLength(1);
    expect(valueImportsOfPackage('a.ts', `export { Watch } from '${PACKAGE}';`)).toHaveLength(1);
    expect(valueImportsOfPackage('a.ts', `const k = await import('${PACKAGE}');`)).toHaveLength(1);
    expect(valueImportsOfPackage('a.ts', `import type { V1Pod } from '${PACKAGE}';\nimport { type KubeConfig } from '${PACKAGE}';\nexport type { V1Node } from '${PACKAGE}';`)).toEqual([]);
  });

  it('the built bundle exports what the facade exports, works, and does not load the package', async () => {
    const bundlePath = join(REPO, 'dist/client-node.js');
    const bundleText = readFileSync(bundlePath, 'utf8');
    // esbuild's bundle inlines the package: no import or require of it is left.
    expect(bundleText).not.toMatch(/(from\s*|import\(\s*|require\(\s*)["']@kubernetes\/client-node["']/);
    const bundle = (await import(bundlePath)) as typeof facade;
    expect(Object.keys(bundle).sort()).toEqual(Object.keys(facade).sort());
    const kubeConfig = new bundle.KubeConfig();
    kubeConfig.loadFromString(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
        users: [{ name: 'u', user: { token: 't' } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
    );
    expect(kubeConfig.getCurrentCluster()?.server).toBe('https://127.0.0.1:1');
    const core = kubeConfig.makeApiClient(bundle.CoreV1Api);
    // Nothing listens on port 1: the client builds the request and reports the connection failure.
    await expect(core.listNamespace()).rejects.toThrow();
    // Its own classes, not the package's (a value from the package would be a second copy).
    expect(bundle.ApiException).not.toBe(facade.ApiException);
  });
});
