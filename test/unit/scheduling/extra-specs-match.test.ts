import { describe, expect, it } from 'vitest';

import {
  capabilitiesSatisfied,
  formatShareExtraSpecs,
  matchesExtraSpec,
} from '../../../src/scheduling/extra-specs-match.js';

describe('matchesExtraSpec', () => {
  it.each<[unknown, string, boolean]>([
    [true, '<is> True', true],
    [false, '<is> True', false],
    ['True', '<is> True', true],
    ['true', '<is> true', true],
    ['yes', '<is> True', true],
    [false, '<is> False', true],
    [true, '<is> False', false],
    ['False', '<is> False', true],
    [1, '<is> True', true],
    [true, '<is>', false],
  ])('<is>: %j against %j is %j', (capability, requirement, expected) => {
    expect(matchesExtraSpec(capability, requirement)).toBe(expected);
  });

  it.each<[unknown, string, boolean]>([
    ['NFS_CIFS', '<in> NFS', true],
    ['NFS_CIFS', '<in> cifs', true],
    ['CIFS', '<in> NFS', false],
    ['nfs', '<in> NFS', true],
    [5, '<in> 5', false],
    ['NFS', '<in>', false],
  ])('<in>: %j against %j is %j', (capability, requirement, expected) => {
    expect(matchesExtraSpec(capability, requirement)).toBe(expected);
  });

  it.each<[unknown, string, boolean]>([
    ['dr', '<or> dr <or> readable', true],
    ['READABLE', '<or> dr <or> readable', true],
    ['writable', '<or> dr <or> readable', false],
    ['dr', '<or> dr', true],
    ['<or>', '<or> dr <or> readable', false],
    [1, '<or> 1 <or> 2', false],
    ['dr', '<or>', false],
  ])('<or>: %j against %j is %j', (capability, requirement, expected) => {
    expect(matchesExtraSpec(capability, requirement)).toBe(expected);
  });

  it.each<[unknown, string, boolean]>([
    [100, '= 50', true],
    [50, '= 50', true],
    [49.9, '= 50', false],
    ['100', '= 50', true],
    [100, '>= 100', true],
    ['99', '>= 100', false],
    [10, '<= 10.5', true],
    [11, '<= 10.5', false],
    [10, '== 10.0', true],
    ['10', '== 11', false],
    [10, '!= 11', true],
    [10, '!= 10', false],
    ['infinite', '= 50', false],
    ['unknown', '!= 50', false],
    [100, '= lots', false],
    [true, '>= 1', true],
    [100, '=', false],
  ])('float operators: %j against %j is %j', (capability, requirement, expected) => {
    expect(matchesExtraSpec(capability, requirement)).toBe(expected);
  });

  it.each<[unknown, string, boolean]>([
    ['Gold', 's== gold', true],
    ['gold', 's== silver', false],
    ['gold', 's!= silver', true],
    ['gold', 's!= GOLD', false],
    ['abc', 's< abd', true],
    ['abd', 's< abd', false],
    ['abd', 's<= abd', true],
    ['abe', 's<= abd', false],
    ['b', 's> a', true],
    ['a', 's> a', false],
    ['a', 's>= a', true],
    ['a', 's>= b', false],
    [5, 's== 5', false],
    [5, 's< 6', false],
  ])('string operators: %j against %j is %j', (capability, requirement, expected) => {
    expect(matchesExtraSpec(capability, requirement)).toBe(expected);
  });

  it.each<[unknown, string, boolean]>([
    [true, 'True', true],
    [true, 'false', false],
    [false, 'False', true],
    [false, 'yes', false],
    ['thin', 'THIN', true],
    ['thin', 'thick', false],
    [10, '10', false],
    ['dr', 'dr ', false],
  ])('without an operator: %j against %j is %j', (capability, requirement, expected) => {
    expect(matchesExtraSpec(capability, requirement)).toBe(expected);
  });
});

describe('capabilitiesSatisfied', () => {
  const capabilities = {
    driver_handles_share_servers: false,
    storage_protocol: 'NFS_CIFS',
    thin_provisioning: [true, false],
    replication_type: 'dr',
    max_files: 1000,
    qos: { iops: { max: 5000 } },
  };

  it('passes with no extra specs', () => {
    expect(capabilitiesSatisfied(capabilities, {})).toBe(true);
  });

  it('passes when every spec matches its capability', () => {
    expect(
      capabilitiesSatisfied(capabilities, {
        driver_handles_share_servers: '<is> False',
        storage_protocol: '<in> NFS',
        replication_type: 'dr',
        max_files: '>= 500',
      }),
    ).toBe(true);
  });

  it('fails when one spec does not match', () => {
    expect(
      capabilitiesSatisfied(capabilities, { storage_protocol: '<in> NFS', replication_type: 'readable' }),
    ).toBe(false);
  });

  it('fails when the capability is missing', () => {
    expect(capabilitiesSatisfied(capabilities, { compression: '<is> True' })).toBe(false);
  });

  it('fails when the capability is null', () => {
    expect(capabilitiesSatisfied({ compression: null }, { compression: 'True' })).toBe(false);
  });

  it('passes a list capability when any element matches', () => {
    expect(capabilitiesSatisfied(capabilities, { thin_provisioning: '<is> True' })).toBe(true);
    expect(capabilitiesSatisfied(capabilities, { thin_provisioning: '<is> False' })).toBe(true);
    expect(capabilitiesSatisfied({ thin_provisioning: [false] }, { thin_provisioning: '<is> True' })).toBe(
      false,
    );
  });

  it('walks capabilities: keys into nested capabilities', () => {
    expect(capabilitiesSatisfied(capabilities, { 'capabilities:replication_type': 'dr' })).toBe(true);
    expect(capabilitiesSatisfied(capabilities, { 'capabilities:qos:iops:max': '>= 4000' })).toBe(true);
    expect(capabilitiesSatisfied(capabilities, { 'capabilities:qos:iops:max': '>= 6000' })).toBe(false);
    expect(capabilitiesSatisfied(capabilities, { 'capabilities:qos:iops:min': '>= 1' })).toBe(false);
    expect(capabilitiesSatisfied(capabilities, { 'capabilities:replication_type:x': 'dr' })).toBe(false);
  });

  it('does not find inherited properties as capabilities', () => {
    expect(capabilitiesSatisfied({}, { 'capabilities:constructor': '<in> function' })).toBe(false);
    expect(capabilitiesSatisfied({ a: [1] }, { 'capabilities:a:length': '1' })).toBe(false);
  });

  it('ignores zone, QoS and vendor-scoped specs', () => {
    expect(
      capabilitiesSatisfied(capabilities, {
        availability_zones: 'az1,az2',
        'capabilities:availability_zones': 'az1',
        default_qos_type: 'gold',
        'netapp:dedup': 'true',
        'vendor_name:foo': 'bar',
      }),
    ).toBe(true);
  });

  it('fails on a vendor_name spec the backend does not report', () => {
    expect(capabilitiesSatisfied(capabilities, { vendor_name: 'foobar' })).toBe(false);
  });
});

describe('formatShareExtraSpecs', () => {
  it('prefixes boolean specs with <is> and asks for the protocol', () => {
    expect(
      formatShareExtraSpecs(
        {
          driver_handles_share_servers: 'False',
          snapshot_support: 'True',
          create_share_from_snapshot_support: 'True',
          revert_to_snapshot_support: 'False',
          mount_snapshot_support: 'False',
          snapshot_inherit_share_access_support: 'True',
          replication_type: 'dr',
        },
        'nfs',
      ),
    ).toEqual({
      driver_handles_share_servers: '<is> False',
      snapshot_support: '<is> True',
      create_share_from_snapshot_support: '<is> True',
      revert_to_snapshot_support: '<is> False',
      mount_snapshot_support: '<is> False',
      snapshot_inherit_share_access_support: '<is> True',
      replication_type: 'dr',
      storage_protocol: '<in> NFS',
    });
  });

  it('keeps specs that already have <is> and an explicit storage_protocol', () => {
    expect(
      formatShareExtraSpecs({ driver_handles_share_servers: '<is> True', storage_protocol: 'CIFS' }, 'NFS'),
    ).toEqual({ driver_handles_share_servers: '<is> True', storage_protocol: 'CIFS' });
  });

  it('does not change its argument', () => {
    const specs = { snapshot_support: 'True' };
    formatShareExtraSpecs(specs, 'NFS');
    expect(specs).toEqual({ snapshot_support: 'True' });
  });
});
