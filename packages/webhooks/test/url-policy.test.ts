import { isPrivateAddress, urlProblem } from '../src';

const strict = { allowHttp: false, allowPrivateUrls: false };
const lax = { allowHttp: true, allowPrivateUrls: true };

describe('urlProblem', () => {
  it('accepts public https URLs', () => {
    expect(urlProblem('https://hooks.example.com/in?x=1', strict)).toBeUndefined();
  });

  it.each([
    ['not a url', 'must be an absolute URL'],
    ['ftp://example.com/x', 'must use http or https'],
    ['http://example.com/x', 'must use https'],
    ['https://user:pass@example.com/x', 'must not contain credentials'],
    ['https://127.0.0.1/x', 'must not point to a private or loopback address'],
    ['https://localhost:8080/x', 'must not point to a private or loopback address'],
    ['https://10.1.2.3/x', 'must not point to a private or loopback address'],
    ['https://[::1]/x', 'must not point to a private or loopback address'],
    ['https://169.254.169.254/latest', 'must not point to a private or loopback address'],
  ])('refuses %s', (url, problem) => {
    expect(urlProblem(url, strict)).toBe(problem);
  });

  it('allows loopback and http when configured to (development and tests)', () => {
    expect(urlProblem('http://127.0.0.1:4000/webhooks', lax)).toBeUndefined();
    expect(urlProblem('https://user:pass@127.0.0.1/x', lax)).toBe('must not contain credentials');
  });
});

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '100.64.0.1',
    '::1',
    'fd00::1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
    '::7f00:1',
    '64:ff9b::a00:1',
    '64:ff9b::10.0.0.1',
    '64:ff9b:1::5',
    '2002:7f00:1::1',
    '2002:a9fe:a9fe::',
  ])('%s is private', (ip) => expect(isPrivateAddress(ip)).toBe(true));
  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('%s is public', (ip) => expect(isPrivateAddress(ip)).toBe(false));
});
