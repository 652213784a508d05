/**
 * Security Lake OCSF rows as hyparquet yields them (BigInt for INT64, Date for timestamps, objects
 * for structs and the `unmapped` map), hand-written in the shape of the samples Security Lake's
 * mapping documentation publishes (ocsf/examples mappings/markdown/AWS/<v1.0.0-rc.2|v1.1.0>/…/samples/
 * *.ocsf: VPC Flowlogs vpcflowlog.ocsf, EKS Audit Logs eks.ocsf, CloudTrail API Activity
 * generic_api_activity.ocsf and Account Change account_change.ocsf), with this repository's sample
 * account and addresses. Field by field they were checked against those samples and the Security
 * Lake 2.0 table columns (amazon_security_lake_table_<region>_{vpc_flow,eks_audit}_2_0).
 */

/** Source version 1 (OCSF 1.0.0-rc.2): an inbound SSH attempt refused (the documented sample's shape). */
export const VPC_V1_REFUSED = {
  metadata: { product: { version: '5', name: 'Amazon VPC', feature: { name: 'Flowlogs' }, vendor_name: 'AWS' }, profiles: ['cloud', 'security_control'], version: '1.0.0-rc.2' },
  cloud: { account_uid: '111122223333', region: 'us-east-1', zone: 'use1-az2', provider: 'AWS' },
  src_endpoint: { port: 56858, svc_name: '-', ip: '198.51.100.7' },
  dst_endpoint: { port: 22, svc_name: '-', ip: '10.0.1.57', interface_uid: 'eni-0c1d2e3f4a5b6c7d8', vpc_uid: 'vpc-0123456789abcdef0', instance_uid: 'i-0a1b2c3d4e5f60718', subnet_uid: 'subnet-0123456789abcdef0' },
  connection_info: { protocol_num: 6, tcp_flags: 2, protocol_ver: 'IPv4', boundary_id: 99, boundary: '-', direction_id: 1, direction: 'Inbound' },
  traffic: { packets: 1n, bytes: 40n },
  time: 1793585650000n,
  start_time: 1793585650000n,
  end_time: 1793585710000n,
  status_code: 'OK',
  severity_id: 1,
  severity: 'Informational',
  class_name: 'Network Activity',
  class_uid: 4001,
  category_name: 'Network Activity',
  category_uid: 4,
  activity_name: 'Refuse',
  activity_id: 5,
  disposition: 'Blocked',
  disposition_id: 2,
  type_uid: 400105n,
  type_name: 'Network Activity: Refuse',
  unmapped: { sublocation_id: '-', sublocation_type: '-' },
};

/**
 * Source version 2 (OCSF 1.1.0): a pod (10.0.1.57, pkt-srcaddr) on node ENI 10.0.1.23 (srcaddr)
 * opening 4444 on an untrusted address: pkt-srcaddr ≠ srcaddr, so ip is the pod and
 * intermediate_ips the node.
 */
export const VPC_V2_POD_EGRESS = {
  action: 'Allowed',
  action_id: 1,
  activity_id: 6,
  activity_name: 'Traffic',
  category_name: 'Network Activity',
  category_uid: 4,
  class_name: 'Network Activity',
  class_uid: 4001,
  cloud: { account: { uid: '111122223333' }, provider: 'AWS', region: 'us-east-1', zone: 'use1-az2' },
  connection_info: { boundary: '-', boundary_id: 8, direction: 'Outbound', direction_id: 2, protocol_num: 6, protocol_ver: 'IPv4', tcp_flags: 2 },
  disposition: 'Allowed',
  dst_endpoint: { ip: '185.220.101.47', port: 4444, svc_name: '-' },
  end_time_dt: new Date('2026-11-02T02:02:00.000Z'),
  metadata: { product: { feature: { name: 'Flowlogs' }, name: 'Amazon VPC', vendor_name: 'AWS', version: '5' }, profiles: ['cloud', 'security_control', 'datetime'], version: '1.1.0' },
  observables: [{ name: 'dst_endpoint.ip', type: 'IP Address', type_id: 2, value: '185.220.101.47' }],
  severity: 'Informational',
  severity_id: 1,
  src_endpoint: { instance_uid: 'i-0a1b2c3d4e5f60718', interface_uid: 'eni-0c1d2e3f4a5b6c7d8', intermediate_ips: ['10.0.1.23'], ip: '10.0.1.57', port: 45672, subnet_uid: 'subnet-0123456789abcdef0', svc_name: '-', vpc_uid: 'vpc-0123456789abcdef0' },
  start_time_dt: new Date('2026-11-02T02:01:00.000Z'),
  status_code: 'OK',
  time: 1793584860000n,
  time_dt: new Date('2026-11-02T02:01:00.000Z'),
  traffic: { bytes: 48213n, packets: 61n },
  type_name: 'Network Activity: Traffic',
  type_uid: 400106n,
  unmapped: { sublocation_id: '-', sublocation_type: '-' },
};

const EKS_COMMON = {
  actor: {
    session: { credential_uid: 'ASIAEXAMPLEALICE0001', issuer: 'arn:aws:iam::111122223333:role/dev-admin', uid: 'alice' },
    user: { groups: [{ name: 'system:authenticated' }], name: 'arn:aws:sts::111122223333:assumed-role/dev-admin/alice', type_id: 0, uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLEDEVADMIN' },
  },
  category_name: 'Application Activity',
  category_uid: 6,
  class_name: 'API Activity',
  class_uid: 6003,
  cloud: { account: { uid: 'arn:aws:sts::111122223333:assumed-role/dev-admin/alice' }, provider: 'AWS' },
  metadata: { log_level: 'RequestResponse', product: { feature: { name: 'Elastic Kubernetes Service' }, name: 'Amazon EKS', vendor_name: 'AWS', version: 'audit.k8s.io/v1' }, profiles: ['cloud', 'datetime'], version: '1.1.0' },
  severity: 'Informational',
  severity_id: 1,
  src_endpoint: { ip: '203.0.113.10' },
};

/** The documented EKS sample's shape: the kubelet registering its node (nothing a rule reads). */
export const EKS_NODE_CREATE = {
  ...EKS_COMMON,
  activity_id: 1,
  activity_name: 'Create',
  actor: {
    session: { credential_uid: 'ASIAEXAMPLENODE0001', issuer: 'arn:aws:iam::111122223333:role/eks-node-role', uid: 'i-0a1b2c3d4e5f60718' },
    user: { groups: [{ name: 'system:bootstrappers' }, { name: 'system:nodes' }, { name: 'system:authenticated' }], name: 'system:node:ip-10-0-1-23.ec2.internal', type_id: 0, uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLENODE' },
  },
  api: { operation: 'create', request: { uid: 'f47c68f2-d3ac-4f96-b2f4-5d497bf79b64' }, response: { code: 201 }, version: 'v1' },
  cloud: { account: { uid: 'arn:aws:sts::111122223333:assumed-role/eks-node-role/i-0a1b2c3d4e5f60718' }, provider: 'AWS' },
  http_request: { url: { path: '/api/v1/nodes' }, user_agent: 'kubelet/v1.31.2 (linux/amd64) kubernetes/5864a46' },
  message: 'ResponseComplete',
  resources: [{ name: 'ip-10-0-1-23.ec2.internal', type: 'nodes' }],
  src_endpoint: { ip: '10.0.1.23' },
  start_time_dt: new Date('2026-11-02T01:00:00.502Z'),
  time: 1793581200642n,
  time_dt: new Date('2026-11-02T01:00:00.642Z'),
  type_name: 'API Activity: Create',
  type_uid: 600301n,
  unmapped: {
    kind: 'Event',
    'annotations.authorization.k8s.io/decision': 'allow',
    'requestObject.spec.providerID': 'aws:///us-east-1a/i-0a1b2c3d4e5f60718',
    'requestObject.status.addresses[].address': '10.0.1.23,ip-10-0-1-23.ec2.internal',
    'requestObject.status.addresses[].type': 'InternalIP,Hostname',
    'sourceIPs[]': '10.0.1.23',
    eks_cluster_name: 'prod-cluster',
  },
};

/** A kaniko pod created by hand: containers[] mapped, args flattened in `unmapped`. */
export const EKS_KANIKO_POD = {
  ...EKS_COMMON,
  activity_id: 1,
  activity_name: 'Create',
  api: {
    operation: 'create',
    request: { uid: '5f0c0014-1c2d-4e5f-8a9b-0c1d2e3f4a5b', containers: [{ name: 'kaniko', image: { name: 'gcr.io/kaniko-project/executor:v1.23.2', path: '/kaniko/.docker', uid: 'gcr.io/kaniko-project/executor:v1.23.2;docker-config' } }] },
    response: { code: 201 },
    version: 'v1',
  },
  http_request: { url: { path: '/api/v1/namespaces/payments/pods?fieldManager=kubectl-run' }, user_agent: 'kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46' },
  message: 'ResponseComplete',
  resources: [{ name: 'kaniko-debug-7f9c', namespace: 'payments', type: 'pods' }],
  start_time_dt: new Date('2026-11-02T02:14:59.977Z'),
  time: 1793585700000n,
  time_dt: new Date('2026-11-02T02:15:00.000Z'),
  type_name: 'API Activity: Create',
  type_uid: 600301n,
  unmapped: {
    kind: 'Event',
    'requestObject.kind': 'Pod',
    'requestObject.metadata.name': 'kaniko-debug-7f9c',
    'requestObject.metadata.namespace': 'payments',
    'requestObject.spec.restartPolicy': 'Never',
    'requestObject.spec.containers[].args[]': '--context=git://github.com/alice-x/payments-api.git#refs/heads/quickfix,--dockerfile=Dockerfile,--destination=111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api:v2.3.1-hotfix',
    'requestObject.spec.volumes[].name': 'docker-config',
    'requestObject.spec.volumes[].secret.secretName': 'ecr-push',
    'sourceIPs[]': '203.0.113.10',
    eks_cluster_name: 'prod-cluster',
  },
};

/** Source version 1 (OCSF 1.0.0-rc.2, class 3005): ECR PutImage, requestParameters flattened in `unmapped`. */
export const CLOUDTRAIL_V1_PUT_IMAGE = {
  activity_id: 1,
  activity_name: 'Create',
  actor: {
    idp: {},
    session: { created_time: 1793585400000n, issuer: 'arn:aws:iam::111122223333:role/dev-admin', mfa: false },
    user: { account_uid: '111122223333', credential_uid: 'ASIAEXAMPLEALICE0001', type: 'AssumedRole', uid: 'AROAEXAMPLEDEVADMIN:alice', uuid: 'arn:aws:sts::111122223333:assumed-role/dev-admin/alice' },
  },
  api: { operation: 'PutImage', request: { uid: 'cf044b7d-5f9d-11e9-9b2a-95983139cc57' }, response: {}, service: { name: 'ecr.amazonaws.com' } },
  category_name: 'Audit Activity',
  category_uid: 3,
  class_name: 'API Activity',
  class_uid: 3005,
  cloud: { provider: 'AWS', region: 'us-east-1' },
  http_request: { user_agent: 'docker/27.3.1 go/go1.22.7' },
  metadata: { product: { feature: { name: 'Management' }, name: 'CloudTrail', vendor_name: 'AWS', version: '1.08' }, profiles: ['cloud'], uid: '2bfd4ee2-2178-4a82-a27d-b12939923f0f', version: '1.0.0-rc.2' },
  severity: 'Informational',
  severity_id: 1,
  src_endpoint: { ip: '203.0.113.10' },
  status: 'Success',
  status_id: 1,
  time: 1793585801000n,
  type_name: 'API Activity: Create',
  type_uid: 300501n,
  unmapped: {
    eventType: 'AwsApiCall',
    managementEvent: 'true',
    readOnly: 'false',
    recipientAccountId: '111122223333',
    'requestParameters.repositoryName': 'payments-api',
    'requestParameters.imageTag': 'v2.3.1-hotfix',
    'requestParameters.registryId': '111122223333',
    'requestParameters.imageManifest': '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[{"size":1},{"size":2}]}',
    'responseElements.image.repositoryName': 'payments-api',
    'responseElements.image.registryId': '111122223333',
    'responseElements.image.imageId.imageDigest': 'sha256:e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3',
    'responseElements.image.imageId.imageTag': 'v2.3.1-hotfix',
    'userIdentity.sessionContext.sessionIssuer.accountId': '111122223333',
    'userIdentity.sessionContext.sessionIssuer.principalId': 'AROAEXAMPLEDEVADMIN',
    'userIdentity.sessionContext.sessionIssuer.type': 'Role',
    'userIdentity.sessionContext.sessionIssuer.userName': 'dev-admin',
  },
};

/**
 * Source version 1 (OCSF 1.0.0-rc.2, class 3005): EC2 RunInstances of two CI runners by Auto Scaling.
 * The rc.2 response object has no `data`: responseElements is flattened into `unmapped` (dotted
 * paths, `[]` after arrays, values of all elements comma-joined, as account_change.ocsf and the
 * rc.2 Security Hub sample write them), so each interface's address lists are joined across both
 * instances; requestParameters likewise.
 */
export const CLOUDTRAIL_V1_RUN_INSTANCES = {
  activity_id: 1,
  activity_name: 'Create',
  actor: {
    idp: {},
    invoked_by: 'autoscaling.amazonaws.com',
    session: { created_time: 1793613481000n, issuer: 'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling', mfa: false },
    user: { account_uid: '111122223333', type: 'AssumedRole', uid: 'AROAEXAMPLEASGSLR:AutoScaling', uuid: 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling' },
  },
  api: { operation: 'RunInstances', request: { uid: '8f3c1a2e-1b2c-4d5e-9f00-0a1b2c3d4e5f' }, response: {}, service: { name: 'ec2.amazonaws.com' } },
  category_name: 'Audit Activity',
  category_uid: 3,
  class_name: 'API Activity',
  class_uid: 3005,
  cloud: { provider: 'AWS', region: 'us-east-1' },
  http_request: { user_agent: 'autoscaling.amazonaws.com' },
  metadata: { product: { feature: { name: 'Management' }, name: 'CloudTrail', vendor_name: 'AWS', version: '1.10' }, profiles: ['cloud'], uid: 'c2d1e0f9-run-4a5b-8c7d-6e5f4a3b2c1d', version: '1.0.0-rc.2' },
  severity: 'Informational',
  severity_id: 1,
  src_endpoint: { domain: 'autoscaling.amazonaws.com' },
  status: 'Success',
  status_id: 1,
  time: 1793613542000n,
  type_name: 'API Activity: Create',
  type_uid: 300501n,
  unmapped: {
    eventType: 'AwsApiCall',
    managementEvent: 'true',
    readOnly: 'false',
    recipientAccountId: '111122223333',
    'requestParameters.instancesSet.items[].minCount': '1',
    'requestParameters.instancesSet.items[].maxCount': '2',
    'requestParameters.launchTemplate.launchTemplateId': 'lt-0ci1runner',
    'requestParameters.launchTemplate.version': '7',
    'requestParameters.tagSpecificationSet.items[].resourceType': 'instance',
    'requestParameters.tagSpecificationSet.items[].tags[].key': 'Name,team',
    'requestParameters.tagSpecificationSet.items[].tags[].value': 'ci-runner,platform',
    'responseElements.reservationId': 'r-0a1b2c3d4e5f60718',
    'responseElements.ownerId': '111122223333',
    'responseElements.instancesSet.items[].instanceId': 'i-0c1a2b3c4d5e6f701,i-0c1a2b3c4d5e6f702',
    'responseElements.instancesSet.items[].imageId': 'ami-0c7217cdde317cfec,ami-0c7217cdde317cfec',
    'responseElements.instancesSet.items[].instanceState.code': '0,0',
    'responseElements.instancesSet.items[].instanceState.name': 'pending,pending',
    'responseElements.instancesSet.items[].privateDnsName': 'ip-10-0-200-15.ec2.internal,ip-10-0-200-37.ec2.internal',
    'responseElements.instancesSet.items[].instanceType': 'c6i.2xlarge,c6i.2xlarge',
    'responseElements.instancesSet.items[].launchTime': '1793613542000,1793613542000',
    'responseElements.instancesSet.items[].subnetId': 'subnet-0ci1runners,subnet-0ci1runners',
    'responseElements.instancesSet.items[].vpcId': 'vpc-0a1b2c3d,vpc-0a1b2c3d',
    'responseElements.instancesSet.items[].privateIpAddress': '10.0.200.15,10.0.200.37',
    'responseElements.instancesSet.items[].stateReason.message': 'pending,pending',
    'responseElements.instancesSet.items[].networkInterfaceSet.items[].networkInterfaceId': 'eni-0c1a2b3c4d5e6f701,eni-0c1a2b3c4d5e6f702',
    'responseElements.instancesSet.items[].networkInterfaceSet.items[].privateIpAddress': '10.0.200.15,10.0.200.37',
    'responseElements.instancesSet.items[].networkInterfaceSet.items[].privateIpAddressesSet.items[].privateIpAddress': '10.0.200.15,10.0.200.16,10.0.200.37',
    'responseElements.instancesSet.items[].networkInterfaceSet.items[].privateIpAddressesSet.items[].primary': 'true,false,true',
    'responseElements.instancesSet.items[].networkInterfaceSet.items[].ipv6AddressesSet.items[].ipv6Address': '2600:1f18:4e2:9a00::1c',
    'userIdentity.sessionContext.sessionIssuer.accountId': '111122223333',
    'userIdentity.sessionContext.sessionIssuer.principalId': 'AROAEXAMPLEASGSLR',
    'userIdentity.sessionContext.sessionIssuer.type': 'Role',
    'userIdentity.sessionContext.sessionIssuer.userName': 'AWSServiceRoleForAutoScaling',
  },
};

/** Source version 2 (OCSF 1.1.0, class 6003): a call that is not ECR PutImage (the documented sample's shape). */
export const CLOUDTRAIL_V2_OTHER_CALL = {
  activity_id: 2,
  activity_name: 'Read',
  actor: { user: { account: { uid: '111122223333' }, credential_uid: 'AKIAEXAMPLE0000001', name: 'Level6', type: 'IAMUser', uid: 'arn:aws:iam::111122223333:user/Level6', uid_alt: 'AIDAEXAMPLE000001' } },
  api: { operation: 'DescribeDirectConnectGateways', request: { uid: '1c8a6220-4263-4763-b526-2d7fd0b8bd19' }, response: { data: '{"directConnectGateways":[]}' }, service: { name: 'directconnect.amazonaws.com' } },
  category_name: 'Application Activity',
  category_uid: 6,
  class_name: 'API Activity',
  class_uid: 6003,
  cloud: { provider: 'AWS', region: 'us-east-1' },
  metadata: { event_code: 'AwsApiCall', product: { feature: { name: 'Management' }, name: 'CloudTrail', vendor_name: 'AWS', version: '1.05' }, profiles: ['cloud', 'datetime'], uid: '71c88be9-ea5c-43c7-8c82-8e7ab2c6a3f0', version: '1.1.0' },
  severity: 'Informational',
  severity_id: 1,
  src_endpoint: { ip: '203.0.113.10' },
  status: 'Success',
  time: 1793585801000n,
  time_dt: new Date(1793585801000),
  type_name: 'API Activity: Read',
  type_uid: 600302n,
  unmapped: { recipientAccountId: '111122223333' },
};
