/**
 * validateAsff: the documented BatchImportFindings limits, each broken on purpose and named in
 * the message; plus the AWS documentation's own examples (shared/corpus/asff).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASFF_MAX_BYTES, toAsff, validateAsff, type AsffFinding } from '../../../lambdas/core/publish/asff';
import { CORPUS_DIR, CTX, criticalEksFinding } from './fixtures';

type Mutable = Record<string, unknown>;

/** A valid finding with `edit` applied to a deep copy of it. */
function broken(edit: (f: Mutable & AsffFinding) => void): string[] {
  const f = structuredClone(toAsff(criticalEksFinding(), CTX)) as Mutable & AsffFinding;
  edit(f);
  return validateAsff(f);
}

const resource = (i: number) => ({ Type: 'Other', Id: `r-${i}` });

describe('validateAsff', () => {
  it.each<[string, (f: Mutable & AsffFinding) => void, string[]]>([
    ['a missing Title', (f) => delete (f as Mutable).Title, ['Title: is required']],
    ['a wrong SchemaVersion', (f) => (f.SchemaVersion = '2019-01-01' as '2018-10-08'), ['SchemaVersion: must be "2018-10-08"']],
    [
      'a public (not default) ProductArn',
      (f) => (f.ProductArn = 'arn:aws:securityhub:us-west-2::product/aws/guardduty'),
      ['ProductArn: must be arn:<partition>:securityhub:<region>:<account>:product/<account>/default'],
    ],
    [
      'a ProductArn whose company id is another account',
      (f) => (f.ProductArn = 'arn:aws:securityhub:us-east-1:111122223333:product/222222222222/default'),
      ['ProductArn: must be arn:<partition>:securityhub:<region>:<account>:product/<account>/default'],
    ],
    ['an AwsAccountId other than the default product account', (f) => (f.AwsAccountId = '444455556666'), ['AwsAccountId: must be the ProductArn account 111122223333 (default product)']],
    ['a short AwsAccountId', (f) => (f.AwsAccountId = '1234'), ['AwsAccountId: must be a 12-digit account id']],
    ['a Region other than the ProductArn one', (f) => (f.Region = 'eu-west-1'), ['Region: must be the ProductArn Region us-east-1']],
    ['an Id of 513 characters', (f) => (f.Id = 'x'.repeat(513)), ['Id: is 513 characters, more than 512']],
    ['a Title of 257 characters', (f) => (f.Title = 't'.repeat(257)), ['Title: is 257 characters, more than 256']],
    ['a Description of 1,025 characters', (f) => (f.Description = 'd'.repeat(1025)), ['Description: is 1025 characters, more than 1024']],
    ['a blank Description', (f) => (f.Description = '   '), ['Description: must not be empty or blank']],
    ['a Severity label outside the list', (f) => (f.FindingProviderFields.Severity = { Label: 'SEVERE' as 'LOW' }), ['FindingProviderFields.Severity.Label: must be one of INFORMATIONAL|LOW|MEDIUM|HIGH|CRITICAL']],
    ['a missing Severity', (f) => delete (f as Mutable).Severity, ['Severity: is required']],
    ['a Severity.Original of 65 characters', (f) => (f.Severity.Original = 'o'.repeat(65)), ['Severity.Original: is 65 characters, more than 64']],
    ['a Types namespace outside the taxonomy', (f) => (f.Types = ['Malware/Container']), ['Types[0]: namespace must be one of Software and Configuration Checks | TTPs | Effects | Unusual Behaviors | Sensitive Data Identifications']],
    ['an empty Types segment', (f) => (f.FindingProviderFields.Types = ['TTPs//T1612']), ['FindingProviderFields.Types[0]: must be namespace[/category[/classifier]]']],
    ['empty Types', (f) => (f.Types = []), ['Types: must be a non-empty array of namespace/category/classifier strings']],
    ['a date that does not exist', (f) => (f.CreatedAt = '2025-02-30T00:00:00Z'), ['CreatedAt: must be an RFC 3339 timestamp such as 2024-01-31T23:00:00.000Z (got "2025-02-30T00:00:00Z")']],
    ['a timestamp with a space', (f) => (f.LastObservedAt = '2025-03-04 10:20:00'), ['LastObservedAt: must be an RFC 3339 timestamp such as 2024-01-31T23:00:00.000Z (got "2025-03-04 10:20:00")']],
    ['UpdatedAt before CreatedAt', (f) => (f.UpdatedAt = '2025-03-04T10:00:00.000Z'), ['UpdatedAt: must not be before CreatedAt']],
    ['40 resources', (f) => (f.Resources = Array.from({ length: 40 }, (_, i) => resource(i))), ['Resources: must have 1 to 32 entries (has 40)']],
    ['no resources', (f) => (f.Resources = []), ['Resources: must have 1 to 32 entries (has 0)']],
    ['a resource without Type', (f) => delete (f.Resources[1] as unknown as Mutable).Type, ['Resources[1].Type: is required']],
    ['two resources with one Id', (f) => (f.Resources = [resource(1), resource(1)]), ['Resources[1].Id: repeats an earlier resource']],
    ['a Tags value that is not a string (the doc example)', (f) => (f.Resources[0]!.Tags = { needsPatching: true } as unknown as Record<string, string>), ['Resources[0].Tags["needsPatching"]: value must be a string']],
    ['an Other key of 128 characters', (f) => (f.Resources[0]!.Details = { Other: { ['k'.repeat(128)]: 'v' } }), [`Resources[0].Details.Other["${'k'.repeat(40)}"]: key must be 1–127 characters`]],
    ['51 ProductFields', (f) => (f.ProductFields = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`an1261/k${i}`, 'v']))), ['ProductFields: has 51 pairs, more than 50']],
    ['a ProductFields value of 2,049 characters', (f) => (f.ProductFields = { 'an1261/x': 'v'.repeat(2049) }), ['ProductFields["an1261/x"]: value is 2049 characters, more than 2048']],
    ['a ProductFields key under aws/', (f) => (f.ProductFields = { 'aws/securityhub/FindingId': 'x' }), ['ProductFields["aws/securityhub/FindingId"]: the aws/ namespace is reserved for AWS']],
    ['51 UserDefinedFields', (f) => (f.UserDefinedFields = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))), ['UserDefinedFields: has 51 pairs, more than 50']],
    ['a Note of 513 characters', (f) => (f.Note!.Text = 'n'.repeat(513)), ['Note.Text: is 513 characters, more than 512']],
    ['a port written as a string (the doc example)', (f) => (f.Network!.DestinationPort = '80' as unknown as number), ['Network.DestinationPort: must be a number from 0 to 65535']],
    ['an IPv6 address in an IPv4 field', (f) => (f.Network!.DestinationIpV4 = '2001:db8::1'), ['Network.DestinationIpV4: must be an IPv4 address']],
    ['an unknown Workflow status', (f) => (f.Workflow = { Status: 'OPEN' as 'NEW' }), ['Workflow.Status: must be one of NEW|NOTIFIED|RESOLVED|SUPPRESSED']],
    ['a lone surrogate in a resource name', (f) => (f.Resources[4]!.Details = { Container: { Name: 'pod\ud800' } }), ['Resources[4].Details.Container.Name: contains a lone UTF-16 surrogate']],
  ])('names the field for %s', (_name, edit, expected) => {
    expect(broken(edit)).toEqual(expected);
  });

  it('reports a 300 KB finding by its size', () => {
    const big = 'x'.repeat(1000);
    const problems = broken((f) => {
      f.Resources = Array.from({ length: 10 }, (_, i) => ({ Type: 'Other', Id: `r-${i}`, Details: { Other: Object.fromEntries(Array.from({ length: 30 }, (_, k) => [`k${k}`, big])) } }));
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^finding: is 30\\d{4} bytes of JSON, more than ${ASFF_MAX_BYTES} \\(240 KB\\)$`));
  });

  it('returns messages, never throws, for things that are not findings', () => {
    expect(validateAsff(null as unknown as AsffFinding)).toEqual(['finding: must be an object']);
    expect(validateAsff([] as unknown as AsffFinding)).toEqual(['finding: must be an object']);
    const empty = validateAsff({} as AsffFinding);
    expect(empty).toContain('Title: is required');
    expect(empty).toContain('Resources: is required');
    expect(empty).toHaveLength(12);
  });

  it('accepts every timestamp form of the API reference and refuses offsets beyond 18:00', () => {
    for (const t of ['2019-01-31T23:00:00Z', '2019-01-31T23:00:00.123456789Z', '2024-01-04T15:25:10+17:59', '2024-01-04T15:25:10-1759', '2024-01-04T15:25:10.123456789+17:59']) {
      expect(broken((f) => (f.FirstObservedAt = t))).toEqual([]);
    }
    for (const t of ['2024-01-04T15:25:10+18:01', '2019-01-31T23:00:00.1234567891Z', '2019-01-31T24:00:00Z', '2019-13-01T00:00:00Z', '1704446650000']) {
      expect(broken((f) => (f.FirstObservedAt = t))).toHaveLength(1);
    }
  });
});

describe('the AWS documentation examples (shared/corpus/asff)', () => {
  const notes = readFileSync(join(CORPUS_DIR, 'asff/awsdocs-asff-required-attributes.notes.md'), 'utf8');
  const field = (name: string) => new RegExp(`"${name}": "([^"]*)"`).exec(notes)?.[1];
  const block = (name: string) => JSON.parse(new RegExp(`"${name}": (\\{[^}]*\\}|\\[[^\\]]*\\])`).exec(notes)![1]!);

  it('builds a valid finding from the required-attribute examples (private product ARN)', () => {
    const doc = {
      AwsAccountId: field('AwsAccountId'),
      CreatedAt: field('CreatedAt'),
      Description: field('Description'),
      GeneratorId: field('GeneratorId'),
      Id: field('Id'),
      ProductArn: field('ProductArn'),
      Resources: [{ Type: 'AwsEc2Instance', Id: 'arn:aws:ec2:us-east-1:111111111111:instance/i-abcd1234', Partition: 'aws', Region: 'us-east-1' }],
      SchemaVersion: field('SchemaVersion'),
      Severity: block('Severity'),
      Title: field('Title'),
      Types: block('Types'),
      UpdatedAt: field('UpdatedAt'),
    };
    expect(doc).toMatchObject({ AwsAccountId: '111111111111', ProductArn: 'arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default', Severity: { Label: 'CRITICAL', Original: '8.3' } });
    expect(validateAsff(doc as AsffFinding)).toEqual([]);
  });

  it('refuses the public product ARNs of the same page for a custom integration', () => {
    const publicArns = [...notes.matchAll(/"ProductArn": "(arn:aws:securityhub:[^"]*)"/g)].map((m) => m[1]!).filter((a) => !a.endsWith('/default'));
    expect(publicArns).toEqual(['arn:aws:securityhub:us-west-2::product/aws/guardduty', 'arn:aws:securityhub:us-west-2:222222222222:product/generico/secure-pro']);
    for (const arn of publicArns) expect(broken((f) => (f.ProductArn = arn))).toContain('ProductArn: must be arn:<partition>:securityhub:<region>:<account>:product/<account>/default');
  });

  it('accepts the documented Container details and emits only documented Container keys', () => {
    const fragment = readFileSync(join(CORPUS_DIR, 'asff/awsdocs-asff-resourcedetails-container.fragment.json'), 'utf8');
    const documented = (JSON.parse(`{${fragment}}`) as { Container: Record<string, unknown> }).Container;
    expect(Object.keys(documented).sort()).toEqual(['ContainerRuntime', 'ImageId', 'ImageName', 'LaunchedAt', 'Name', 'Privileged', 'VolumeMounts']);
    expect(broken((f) => (f.Resources[2]!.Details = { Container: documented }))).toEqual([]);
    const ours = toAsff(criticalEksFinding(), CTX).Resources.flatMap((r) => Object.keys(r.Details?.Container ?? {}));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.every((k) => k in documented)).toBe(true);
  });
});
