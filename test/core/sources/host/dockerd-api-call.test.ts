/** parseApiCall: the Docker Engine API call in a dockerd `Calling …` debug message. */
import { parseApiCall, parseQuery } from '../../../../lambdas/core/records/host/dockerd-api-call';

describe('parseApiCall', () => {
  it.each(['1.24', '1.30', '1.40', '1.41', '1.43', '1.47'])('strips the API version /v%s', (v) => {
    expect(parseApiCall(`Calling POST /v${v}/build?t=app`)).toMatchObject({ apiVersion: v, path: '/build', endpoint: 'build' });
  });

  it('reads unversioned calls', () => {
    const call = parseApiCall('Calling POST /build?t=app');
    expect(call).toMatchObject({ path: '/build', endpoint: 'build', requestUri: '/build?t=app' });
    expect(call).not.toHaveProperty('apiVersion');
  });

  it('URL-decodes query values and keeps repeated keys in order', () => {
    const call = parseApiCall('Calling POST /v1.41/build?buildargs=%7B%7D&t=myimg%3Alatest&t=reg.example.com%2Fteam%2Fapp%3Av2&version=2&labels=a+b');
    expect(call?.query.get('t')).toEqual(['myimg:latest', 'reg.example.com/team/app:v2']);
    expect(call?.query.get('buildargs')).toEqual(['{}']);
    expect(call?.query.get('labels')).toEqual(['a b']);
  });

  it.each([
    ['/v1.41/images/111122223333.dkr.ecr.us-east-1.amazonaws.com%2Fapp/push?tag=v1', '111122223333.dkr.ecr.us-east-1.amazonaws.com/app'],
    ['/v1.41/images/111122223333.dkr.ecr.us-east-1.amazonaws.com/team/app/push?tag=v1', '111122223333.dkr.ecr.us-east-1.amazonaws.com/team/app'],
    ['/images/nginx/push', 'nginx'],
  ])('reads the image name of a push %s', (uri, name) => {
    expect(parseApiCall(`Calling POST ${uri}`)).toMatchObject({ endpoint: 'image-push', imageName: name });
  });

  it.each([
    ['POST /v1.41/grpc', 'grpc'],
    ['POST /v1.41/session', 'session'],
    ['POST /v1.41/commit?container=abc', 'commit'],
    ['POST /v1.41/images/create?fromImage=alpine&tag=3', 'image-create'],
    ['POST /v1.41/build/prune', 'other'],
    ['GET /v1.41/build', 'other'],
    ['POST /v1.41/images/app/tag?repo=x', 'other'],
    ['POST /v1.41/containers/create', 'other'],
    ['HEAD /_ping', 'other'],
  ])('classifies %s as %s', (call, endpoint) => {
    expect(parseApiCall(`Calling ${call}`)?.endpoint).toBe(endpoint);
  });

  it.each(['Calling', 'Calling POST', 'Calling post /build', 'Calling POST build', 'Handler for POST /build returned error'])('rejects %j', (msg) => {
    expect(parseApiCall(msg)).toBeUndefined();
  });
});

describe('parseQuery', () => {
  it('keeps malformed escapes as written', () => {
    expect(parseQuery('t=bad%zz&flag&=x')).toEqual(new Map([['t', ['bad%zz']], ['flag', ['']], ['', ['x']]]));
  });
});
