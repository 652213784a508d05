/**
 * Upgrades must not replace resources. `An1261Detector` used to create its key, tables, queues,
 * topic and publisher itself; they now live in sub-constructs (DetectorState, FindingsPipeline),
 * whose ids would add a path component and so change every logical ID: CloudFormation would
 * replace the tables, the queues, the topic (and its subscriptions). `keepLogicalIdsOfParent` gives
 * each CloudFormation element under a sub-construct the logical ID its stack allocates for the same
 * path without the sub-construct's own id — the ID it had before the split. The stack is asked
 * (through a short-lived probe construct at the old path, removed at once), so its allocation rules,
 * overrides and renames all apply.
 */
import { CfnElement, CfnResource, Names, Stack } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';

/** Call once the sub-construct holds all its resources (e.g. at the end of the parent's constructor). */
export function keepLogicalIdsOfParent(part: Construct): void {
  const parent = part.node.scope;
  if (!parent) throw new Error(`${part.node.path}: a root construct has no parent to keep logical IDs of`);
  const stack = Stack.of(part);
  const below = (c: IConstruct) => c.node.scopes.slice(part.node.scopes.length).map((s) => s.node.id);
  const inner = part.node.findAll().filter((c) => c !== part);
  // Some construct ids embed another construct's unique id (e.g. `SqsEventSource:<queue unique id>`):
  // those embedded ids change with the path too, and are put back the same way.
  const uniqueIds = new Map(inner.map((c) => [Names.nodeUniqueId(c.node), c]));
  const oldUniqueId = (c: IConstruct) => atOldPath(parent, below(c), (probe) => Names.nodeUniqueId(probe.node));
  const oldComponent = (id: string) => {
    for (const [uid, c] of uniqueIds) if (id.includes(uid)) return id.split(uid).join(oldUniqueId(c));
    return id;
  };
  for (const c of inner) {
    if (!CfnElement.isCfnElement(c)) continue;
    c.overrideLogicalId(atOldPath(parent, below(c).map(oldComponent), (probe) => stack.getLogicalId(probe)));
  }
}

/** Reads something of a probe element placed at `parent/path…`, then removes the probe. */
function atOldPath<T>(parent: IConstruct, path: string[], read: (probe: CfnElement) => T): T {
  const [first] = path;
  if (first === undefined) throw new Error(`${parent.node.path}: empty path`);
  if (parent.node.tryFindChild(first)) throw new Error(`${parent.node.path}/${first} exists: the logical IDs of a sub-construct's resources cannot be kept beside it`);
  try {
    let scope: IConstruct = parent;
    for (const id of path.slice(0, -1)) scope = new Construct(scope, id);
    return read(new CfnResource(scope, path[path.length - 1]!, { type: 'AWS::CloudFormation::WaitConditionHandle' }));
  } finally {
    parent.node.tryRemoveChild(first);
  }
}
