/**
 * §3.4.6 IpAddress / NotIpAddress: IPv4 and IPv6 addresses and CIDR ranges (§10 C7).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check, compileBlock, context } from './helpers.js';
import {
  ipInRange,
  ipv4Number,
  ipv4Range,
  ipv4RangeOf,
  parseIpAddress,
  parseIpRange,
  type IpAddressValue,
  type IpRange,
} from '../../src/condition/ip.js';

const IP = 'aws:SourceIp';
const from = (address: string) => ({ [IP]: address });

/** `true` when `address` lies in `range` (both must parse). */
function inRange(address: string, range: string): boolean {
  const a = parseIpAddress(address);
  const r = parseIpRange(range);
  if (!a || !r) throw new Error(`unparsable: ${address} / ${range}`);
  return ipInRange(a, r);
}

describe('ip.ts parsing and range tests', () => {
  it('reads dotted-quad IPv4 strictly', () => {
    expect(parseIpAddress('203.0.113.7')?.bytes).toEqual(Uint8Array.from([203, 0, 113, 7]));
    expect(parseIpAddress('256.0.0.1')).toBeUndefined();
    expect(parseIpAddress('10.0.1')).toBeUndefined();
    expect(parseIpAddress('010.0.0.1')).toBeUndefined();
  });

  it('reads IPv6 regardless of hex case and `::` compression', () => {
    const full = parseIpAddress('2001:0db8:0000:0000:0000:0000:0000:0001');
    expect(full?.bytes.length).toBe(16);
    expect(parseIpAddress('2001:DB8::1')?.bytes).toEqual(full?.bytes);
    expect(parseIpAddress('2001:db8::1')?.bytes).toEqual(full?.bytes);
    expect(parseIpAddress('2001:db8::g')).toBeUndefined();
  });

  it('an address without a prefix is /32 (IPv4) or /128 (IPv6)', () => {
    expect(parseIpRange('203.0.113.7')?.prefix).toBe(32);
    expect(parseIpRange('2001:db8::1')?.prefix).toBe(128);
  });

  it('rejects prefixes longer than the address', () => {
    expect(parseIpRange('10.0.0.0/33')).toBeUndefined();
    expect(parseIpRange('2001:db8::/129')).toBeUndefined();
    expect(parseIpRange('10.0.0.0/x')).toBeUndefined();
  });

  it('masks partial bytes of the prefix exactly', () => {
    expect(inRange('10.0.0.127', '10.0.0.0/25')).toBe(true);
    expect(inRange('10.0.0.128', '10.0.0.0/25')).toBe(false);
    expect(inRange('1.2.3.4', '0.0.0.0/0')).toBe(true);
  });
});

describe('§3.4.6 IpAddress', () => {
  it('§3.4.6 IPv4 CIDR range (W47)', () => {
    expect(check('IpAddress', IP, '203.0.113.0/24', from('203.0.113.7'))).toBe(true);
    expect(check('IpAddress', IP, '203.0.113.0/24', from('203.0.114.7'))).toBe(false);
  });

  it('§3.4.6 an IPv4 address without prefix means /32', () => {
    expect(check('IpAddress', IP, '203.0.113.7', from('203.0.113.7'))).toBe(true);
    expect(check('IpAddress', IP, '203.0.113.7', from('203.0.113.8'))).toBe(false);
  });

  it('§3.4.6 IPv6 range: hex case and `::` compression do not matter', () => {
    expect(check('IpAddress', IP, '2001:DB8:1234:5678::/64', from('2001:db8:1234:5678:0:0:0:abcd'))).toBe(true);
    expect(check('IpAddress', IP, '2001:db8:1234:5678::/64', from('2001:DB8:1234:5678::ABCD'))).toBe(true);
    expect(check('IpAddress', IP, '2001:DB8:1234:5678::/64', from('2001:db8:1234:5679::1'))).toBe(false);
  });

  it('§3.4.6/§10 C7 an IPv6 address without prefix means /128', () => {
    expect(check('IpAddress', IP, '2001:db8::1', from('2001:0DB8:0:0:0:0:0:1'))).toBe(true);
    expect(check('IpAddress', IP, '2001:db8::1', from('2001:db8::2'))).toBe(false);
  });

  it('§3.4.6/§10 C7 IPv4 and IPv6 never match each other', () => {
    expect(check('IpAddress', IP, '::/0', from('203.0.113.7'))).toBe(false);
    expect(check('IpAddress', IP, '0.0.0.0/0', from('2001:db8::1'))).toBe(false);
    expect(check('IpAddress', IP, '0.0.0.0/0', from('::ffff:203.0.113.7'))).toBe(false);
  });

  it('§3.1 several ranges are OR-ed, and can mix IPv4 and IPv6', () => {
    const ranges = ['10.0.0.0/8', '2001:db8::/32'];
    expect(check('IpAddress', IP, ranges, from('10.1.2.3'))).toBe(true);
    expect(check('IpAddress', IP, ranges, from('2001:db8:ffff::1'))).toBe(true);
    expect(check('IpAddress', IP, ranges, from('192.168.0.1'))).toBe(false);
  });

  it('§10 C4 a request value that is not an IP address never matches', () => {
    expect(check('IpAddress', IP, '0.0.0.0/0', from('localhost'))).toBe(false);
  });

  it('§3.3 IpAddress when aws:SourceIp is absent (VPC endpoint) is false (W50)', () => {
    expect(check('IpAddress', IP, '0.0.0.0/0', {})).toBe(false);
  });
});

describe('§3.4.6 NotIpAddress', () => {
  it('§3.4.6 NotIpAddress holds outside the range (W49 in a Deny)', () => {
    expect(check('NotIpAddress', IP, '203.0.113.0/24', from('198.51.100.1'))).toBe(true);
    expect(check('NotIpAddress', IP, '203.0.113.0/24', from('203.0.113.200'))).toBe(false);
  });

  it('§3.1 NotIpAddress with several ranges is a NOR', () => {
    const ranges = ['10.0.0.0/8', '2001:db8::/32'];
    expect(check('NotIpAddress', IP, ranges, from('192.168.0.1'))).toBe(true);
    expect(check('NotIpAddress', IP, ranges, from('2001:db8::5'))).toBe(false);
  });

  it('§3.3 NotIpAddress on a missing key is true', () => {
    expect(check('NotIpAddress', IP, '10.0.0.0/8', {})).toBe(true);
  });

  it('§10 C4 NotIpAddress holds for a request value that is not an address', () => {
    expect(check('NotIpAddress', IP, '10.0.0.0/8', from('not-an-ip'))).toBe(true);
  });
});

describe('IPv4 read without allocating (ipv4Number, ipv4Range) ≡ parseIpAddress, ipInRange', () => {
  const piece = fc.constantFrom(
    '0',
    '1',
    '2',
    '5',
    '9',
    '00',
    '01',
    '25',
    '255',
    '256',
    '999',
    '1000',
    '.',
    '.',
    ':',
    'a',
    ' ',
    '٣',
  );
  /** Mostly four parts and three dots, so that near misses (leading zeros, 256, a fifth part) come up often. */
  const part = fc.constantFrom('0', '7', '10', '00', '01', '099', '255', '256', '1000', '', 'a', '٣');
  const quadLike = fc
    .tuple(fc.array(part, { minLength: 3, maxLength: 5 }), fc.constantFrom('', '.', ' ', ':1'))
    .map(([parts, tail]) => parts.join('.') + tail);
  it('reads exactly the texts parseIpAddress reads as IPv4, as the same number', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          quadLike,
          fc.array(piece, { maxLength: 9 }).map((xs) => xs.join('')),
        ),
        (text) => {
          const addr = parseIpAddress(text);
          const n = ipv4Number(text);
          if (addr && addr.bytes.length === 4) expect(n).toBe(addr.bytes.reduce((v, b) => v * 256 + b, 0));
          else expect(n).toBe(-1);
        },
      ),
      { numRuns: 20_000 },
    );
  });
  it('a range holds an address exactly when ipInRange says so', () => {
    const byte = fc.integer({ min: 0, max: 255 });
    const quad = fc.tuple(byte, byte, byte, byte).map((b) => b.join('.'));
    fc.assert(
      fc.property(quad, quad, fc.integer({ min: 0, max: 32 }), (a, r, prefix) => {
        const range = parseIpRange(`${r}/${prefix}`) as IpRange;
        const [base, mask] = ipv4Range(range) as readonly [number, number];
        const n = ipv4Number(a);
        expect((n & mask) >>> 0 === base).toBe(ipInRange(parseIpAddress(a) as IpAddressValue, range));
      }),
      { numRuns: 5_000 },
    );
    expect(ipv4Range(parseIpRange('2001:db8::/32') as IpRange)).toBeUndefined();
  });
});

describe('an IpAddress clause as compiled (ipv4RangeOf, IPv6 ranges read on first use)', () => {
  it('reads a range text as IPv4 exactly where parseIpRange does, as the same range', () => {
    const part = fc.constantFrom('0', '7', '10', '00', '01', '255', '256', '', 'a', '٣', ':', '::1');
    const prefix = fc.constantFrom('', '/', '/0', '/8', '/32', '/33', '/024', '/1000', '/a', '/٣', '/ 8', '/8 ');
    fc.assert(
      fc.property(fc.array(part, { minLength: 3, maxLength: 5 }), prefix, (parts, tail) => {
        const text = parts.join('.') + tail;
        const range = parseIpRange(text);
        expect(ipv4RangeOf(text)).toEqual(range === undefined ? undefined : ipv4Range(range));
      }),
      { numRuns: 20_000 },
    );
    expect(ipv4RangeOf('2001:db8::/32')).toBeUndefined();
    expect(ipv4RangeOf('10.0.0.0/8')).toEqual([0x0a000000, 0xff000000]);
  });

  it('decides IPv6 and IPv4 request values alike whichever comes first', () => {
    const ranges = ['203.0.113.0/24', '2001:db8::/32', '::ffff:10.0.0.1/128', '10.1.2.3', '2001:db9:0:0:0:0:0:1'];
    const requests = [
      '2001:db8::1',
      '203.0.113.7',
      '2001:db9::1',
      '10.1.2.3',
      '::ffff:10.0.0.1',
      '10.0.0.1',
      'x',
      '2001:dba::1',
    ];
    const want = [true, true, true, true, true, false, false, false];
    for (const operator of ['IpAddress', 'NotIpAddress']) {
      // A fresh clause per order: the first request value decides when the IPv6 ranges are read.
      for (const order of [requests, [...requests].reverse()]) {
        const [clause] = compileBlock({ [operator]: { [IP]: ranges } });
        for (const address of order) {
          const expected = want[requests.indexOf(address)] !== (operator === 'NotIpAddress');
          expect(clause?.test(context(from(address))), `${operator} ${address}`).toBe(expected);
        }
      }
    }
  });
});
