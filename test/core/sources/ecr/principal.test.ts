/** principalFromUserIdentity: the CloudTrail userIdentity shapes (IAM user, assumed role, federated user, root, services). */
import { principalFromUserIdentity } from '../../../../lambdas/core/records/ecr/principal';
import { NODE_SESSION } from './fixtures';

describe('principalFromUserIdentity', () => {
  it('normalizes an assumed-role session to the issuing role, keeping its path, the session ARN and name', () => {
    expect(principalFromUserIdentity(NODE_SESSION)).toEqual({
      actor: {
        arn: 'arn:aws:iam::111122223333:role/nodes/eks-node-role',
        sessionArn: 'arn:aws:sts::111122223333:assumed-role/eks-node-role/i-0a1b2c3d4e5f67890',
        sessionName: 'i-0a1b2c3d4e5f67890',
      },
      host: { instanceId: 'i-0a1b2c3d4e5f67890' },
    });
  });

  it('derives the role ARN from the session ARN when there is no session issuer, in any partition', () => {
    expect(principalFromUserIdentity({ type: 'AssumedRole', arn: 'arn:aws-cn:sts::123456789012:assumed-role/Builder/jenkins-42' })).toEqual({
      actor: { arn: 'arn:aws-cn:iam::123456789012:role/Builder', sessionArn: 'arn:aws-cn:sts::123456789012:assumed-role/Builder/jenkins-42', sessionName: 'jenkins-42' },
    });
    expect(principalFromUserIdentity({ arn: 'arn:aws-us-gov:sts::123456789012:assumed-role/Builder/s' }).actor?.arn).toBe('arn:aws-us-gov:iam::123456789012:role/Builder');
  });

  it('names the host only for role sessions whose name is an instance id', () => {
    const session = (name: string) => ({ type: 'AssumedRole', arn: `arn:aws:sts::123456789012:assumed-role/R/${name}` });
    expect(principalFromUserIdentity(session('i-0123abcd')).host).toEqual({ instanceId: 'i-0123abcd' });
    expect(principalFromUserIdentity(session('i-0123456789abcdef0')).host).toEqual({ instanceId: 'i-0123456789abcdef0' });
    for (const name of ['i-0123ABCD', 'i-123', 'botocore-session-1700000000', 'i-0123456789abcdef01234']) {
      expect(principalFromUserIdentity(session(name)).host).toBeUndefined();
    }
    expect(principalFromUserIdentity({ type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/i-0123abcd' }).host).toBeUndefined();
  });

  it('reads the AWS doc CreateRepository identity (AssumedRole with an sts user ARN): role from the issuer, session from principalId', () => {
    const ui = {
      type: 'AssumedRole',
      principalId: 'AIDACKCEVSQ6C2EXAMPLE:account_name',
      arn: 'arn:aws:sts::123456789012:user/Mary_Major',
      accountId: '123456789012',
      sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AIDACKCEVSQ6C2EXAMPLE', arn: 'arn:aws:iam::123456789012:role/Admin', accountId: '123456789012', userName: 'Admin' } },
    };
    expect(principalFromUserIdentity(ui)).toEqual({
      actor: { arn: 'arn:aws:iam::123456789012:role/Admin', sessionArn: 'arn:aws:sts::123456789012:user/Mary_Major', sessionName: 'account_name' },
    });
  });

  it('keeps an IAM user ARN, and turns the doc sample sts user ARN into the IAM user ARN', () => {
    expect(principalFromUserIdentity({ type: 'IAMUser', principalId: 'AIDAJ45Q7YFFAREXAMPLE', arn: 'arn:aws:iam::123456789012:user/Alice', userName: 'Alice' })).toEqual({
      actor: { arn: 'arn:aws:iam::123456789012:user/Alice' },
    });
    expect(principalFromUserIdentity({ type: 'IAMUser', principalId: 'AIDACKCEVSQ6C2EXAMPLE:account_name', arn: 'arn:aws:sts::123456789012:user/Mary_Major' })).toEqual({
      actor: { arn: 'arn:aws:iam::123456789012:user/Mary_Major', sessionArn: 'arn:aws:sts::123456789012:user/Mary_Major' },
    });
  });

  it('keeps the root ARN', () => {
    expect(principalFromUserIdentity({ type: 'Root', principalId: '123456789012', arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012' })).toEqual({
      actor: { arn: 'arn:aws:iam::123456789012:root' },
    });
  });

  it('attributes a federated user to the IAM user that issued the session', () => {
    const ui = {
      type: 'FederatedUser',
      principalId: '123456789012:Bob',
      arn: 'arn:aws:sts::123456789012:federated-user/Bob',
      accountId: '123456789012',
      sessionContext: { sessionIssuer: { type: 'IAMUser', principalId: 'AIDAJ45Q7YFFAREXAMPLE', arn: 'arn:aws:iam::123456789012:user/Alice', userName: 'Alice' } },
    };
    expect(principalFromUserIdentity(ui)).toEqual({
      actor: { arn: 'arn:aws:iam::123456789012:user/Alice', sessionArn: 'arn:aws:sts::123456789012:federated-user/Bob', sessionName: 'Bob' },
    });
  });

  it('gives no actor for callers without a principal ARN (AWS services, other accounts, Identity Center users)', () => {
    for (const ui of [
      { type: 'AWSService', invokedBy: 'ecr.amazonaws.com' },
      { accountId: '123456789012', invokedBy: 'AWS Internal' },
      { type: 'AWSAccount', principalId: 'AIDAEXAMPLE', accountId: '444455556666' },
      { type: 'IdentityCenterUser', accountId: '123456789012', onBehalfOf: { userId: 'u-1', identityStoreArn: 'arn:aws:identitystore::123456789012:identitystore/d-1' } },
    ]) {
      expect(principalFromUserIdentity(ui)).toEqual({});
    }
  });

  it('gives nothing for a missing or malformed userIdentity', () => {
    for (const ui of [undefined, null, 'AssumedRole', 7, [], { arn: 42 }, { type: 'AssumedRole', arn: 'arn:aws:sts::bad:assumed-role/R/S' }]) {
      const p = principalFromUserIdentity(ui);
      expect(p.host).toBeUndefined();
    }
    expect(principalFromUserIdentity({ arn: 42 })).toEqual({});
  });
});
