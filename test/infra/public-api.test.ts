/**
 * lib/index.ts, the package entry: what it exports, that it loads no Lambda handler, adapter or
 * CLI module, and that a team can embed the construct in its own stack with its own props.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import * as api from '../../lib';

const ROOT = join(__dirname, '../..');

/** Every project file `entry` imports, directly or not (relative imports, type-only ones included). */
function importGraph(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const ref of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const base = resolve(dirname(file), ref.fileName);
      const target = [`${base}.ts`, join(base, 'index.ts')].find(existsSync);
      if (target) visit(target);
    }
  };
  visit(entry);
  return [...seen].map((f) => relative(ROOT, f));
}

describe('lib/index.ts', () => {
  it('exports the construct, its parts, the stack and the config schema', () => {
    for (const name of ['An1261Detector', 'An1261Stack', 'DetectorState', 'FindingsPipeline', 'IngestSources', 'Operations', 'ObjectIntake', 'CrossAccountLogs', 'MemberAccountLogs', 'An1261MemberStack', 'parseConfig', 'loadConfigFile', 'acknowledgeNagFindings', 'acknowledgeMemberNagFindings']) {
      expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
    }
  });

  it('documents every property of every interface it exports from lib/, and the default of every optional one', () => {
    // Parsed, not type-checked (a program over lib/ takes ~20 s): the interfaces lib/index.ts re-exports by name from ./<file>.
    const parse = (file: string) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const exportedFrom = new Map<string, string[]>();
    for (const st of parse(join(ROOT, 'lib/index.ts')).statements) {
      if (!ts.isExportDeclaration(st) || !st.moduleSpecifier || !st.exportClause || !ts.isNamedExports(st.exportClause)) continue;
      const from = (st.moduleSpecifier as ts.StringLiteral).text;
      if (from.startsWith('./')) exportedFrom.set(join(ROOT, 'lib', `${from.slice(2)}.ts`), st.exportClause.elements.map((e) => e.name.text));
    }
    const problems: string[] = [];
    let interfaces = 0;
    for (const [file, names] of exportedFrom) {
      for (const decl of parse(file).statements.filter(ts.isInterfaceDeclaration).filter((d) => names.includes(d.name.text))) {
        interfaces++;
        for (const member of decl.members.filter(ts.isPropertySignature)) {
          const name = `${decl.name.text}.${member.name.getText()}`;
          if (ts.getJSDocCommentsAndTags(member).length === 0) problems.push(`${name}: no TSDoc`);
          else if (member.questionToken && !ts.getJSDocTags(member).some((t) => t.tagName.text === 'default')) problems.push(`${name}: optional without @default`);
        }
      }
    }
    expect(interfaces).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it('imports no Lambda handler, adapter or CLI module', () => {
    const graph = importGraph(join(ROOT, 'lib/index.ts'));
    expect(graph).toEqual(expect.arrayContaining(['lib/an1261-detector.ts', 'lambdas/contract/index.ts', 'lambdas/core/model/config.ts']));
    expect(graph.filter((f) => /^lambdas\/(handlers|adapters|cli)\//.test(f))).toEqual([]);
  });
});

describe('An1261Detector embedded in another stack', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Platform', { env: { account: '111122223333', region: 'eu-west-1' } });
  const config = api.parseConfig({ sources: { eksClusters: ['platform'] }, notifications: { email: 'secops@example.com' }, operations: { logRetentionDays: 90 } });
  const detector = new api.An1261Detector(stack, 'Build', { config, removalPolicy: RemovalPolicy.RETAIN, securityHub: false, sourceMapStackTraces: true });
  const template = Template.fromStack(stack);

  it('retains the tables and the key when asked to', () => {
    for (const t of Object.values(template.findResources('AWS::DynamoDB::Table'))) expect(t).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  it('switches Security Hub off in the publisher, and subscribes the address to the topic', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'an1261-publish', SECURITY_HUB_ENABLED: 'false' } } });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'secops@example.com' });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('deploys only the ingest functions of the sources the config names, and exposes its parts', () => {
    expect(Object.keys(detector.ingestFunctions).sort()).toEqual(['ecr-events', 'eks-audit']);
    expect(detector.stateTable).toBe(detector.state.stateTable);
    expect(detector.topic).toBe(detector.findings.topic);
  });
});

describe('source-mapped stack traces', () => {
  const functionsOf = (sourceMapStackTraces: boolean | undefined) => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
    new api.An1261Detector(stack, 'D', { config: api.parseConfig({ sources: { eksClusters: ['c'] } }), ...(sourceMapStackTraces === undefined ? {} : { sourceMapStackTraces }) });
    return Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')).filter((f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME);
  };

  it('are off by default: no function pays the ~70 ms of reading its source map at every cold start', () => {
    const fns = functionsOf(undefined);
    expect(fns.length).toBeGreaterThan(1);
    for (const f of fns) expect(f.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
  });

  it('are on for every function, publisher included, when asked for', () => {
    const fns = functionsOf(true);
    expect(fns.map((f) => f.Properties.Environment.Variables.NODE_OPTIONS)).toEqual(fns.map(() => '--enable-source-maps'));
  });
});
