import { describe, expect, it } from 'vitest';

import {
  MessageAction,
  MessageDetail,
  detailForFailedFilter,
  eventId,
  isKnownActionId,
  isKnownDetailId,
  sanctionedMessage,
  userMessageText,
  type SchedulerFilterName,
} from '../../../src/messages/catalogue.js';

const actions = Object.values(MessageAction);
const details = Object.values(MessageDetail);

describe('message catalogue', () => {
  it('holds Manila action texts verbatim', () => {
    expect(MessageAction.AllocateHost).toEqual({ id: '001', text: 'allocate host' });
    expect(MessageAction.Create).toEqual({ id: '002', text: 'create' });
    expect(MessageAction.Delete).toEqual({ id: '007', text: 'delete' });
    expect(MessageAction.UpdateMetadata).toEqual({ id: '027', text: 'update_metadata' });
    expect(actions.map((action) => action.id).join(' ')).toBe(
      '001 002 003 004 005 006 007 008 009 010 011 026 027 028',
    );
  });

  it('holds Manila detail texts verbatim, quirks included', () => {
    expect(MessageDetail.UnknownError).toEqual({ id: '001', text: 'An unknown error occurred.' });
    expect(MessageDetail.NoValidHost).toEqual({
      id: '002',
      text: 'No storage could be allocated for this share request. Trying again with a different size or share type may succeed.',
    });
    expect(MessageDetail.UnexpectedNetwork).toEqual({
      id: '003',
      text: 'Driver does not expect share-network to be provided with current configuration.',
    });
    expect(MessageDetail.FilterAvailability).toEqual({
      id: '007',
      text: "No storage could be allocated for this share request, AvailabilityZone filter didn't succeed.",
    });
    expect(MessageDetail.FilterCapabilities).toEqual({
      id: '008',
      text: "No storage could be allocated for this share request, Capabilities filter didn't succeed.",
    });
    expect(MessageDetail.FilterCapacity).toEqual({
      id: '009',
      text: "No storage could be allocated for this share request, Capacity filter didn't succeed.",
    });
    expect(MessageDetail.NeutronSubnetFull).toEqual({
      id: '033',
      text: "Share Driver failed to create share server on share network due no more free IP addresses in the neutron subnet.You may free some IP addresses in the subnet or create a new subnet/share network. If this doesn't work, contact your administrator to troubleshoot issues with your network.",
    });
  });

  it('holds every Manila detail 001–034 and the compute details 101–104, 110, 111', () => {
    const manilaIds = Array.from({ length: 34 }, (_, index) => String(index + 1).padStart(3, '0'));
    expect(details.map((detail) => detail.id)).toEqual([
      ...manilaIds,
      '101',
      '102',
      '103',
      '104',
      '110',
      '111',
    ]);
  });

  it('holds the compute detail texts', () => {
    expect(MessageDetail.ComputeNoValidHost).toEqual({
      id: '101',
      text: 'No valid host was found. There are not enough hosts available.',
    });
    expect(MessageDetail.ComputeFilterAvailabilityZone).toEqual({
      id: '102',
      text: "No valid host was found, AvailabilityZone filter didn't succeed.",
    });
    expect(MessageDetail.ComputeFilterCapacity).toEqual({
      id: '103',
      text: "No valid host was found, Capacity filter didn't succeed.",
    });
    expect(MessageDetail.BootFailed).toEqual({
      id: '110',
      text: 'The server failed to boot on its host. Trying again with a different image may succeed.',
    });
    expect(MessageDetail.DeleteFailed).toEqual({
      id: '111',
      text: 'The server could not be deleted on its host.',
    });
  });

  it('gives every entry a unique 3-digit id and a non-empty text', () => {
    for (const list of [actions, details]) {
      for (const item of list) {
        expect(item.id).toMatch(/^\d{3}$/);
        expect(item.text.trim()).not.toBe('');
      }
      expect(new Set(list.map((item) => item.id)).size).toBe(list.length);
    }
  });

  it('freezes the tables and every entry', () => {
    expect(Object.isFrozen(MessageAction)).toBe(true);
    expect(Object.isFrozen(MessageDetail)).toBe(true);
    for (const item of [...actions, ...details]) expect(Object.isFrozen(item)).toBe(true);
    expect(() => {
      (MessageAction.AllocateHost as { text: string }).text = 'something else';
    }).toThrow(TypeError);
    expect(MessageAction.AllocateHost.text).toBe('allocate host');
  });
});

describe('userMessageText', () => {
  it('joins action and detail texts with a colon and a space, as Manila does', () => {
    expect(userMessageText('001', '008')).toBe(
      "allocate host: No storage could be allocated for this share request, Capabilities filter didn't succeed.",
    );
    expect(userMessageText('002', '003')).toBe(
      'create: Driver does not expect share-network to be provided with current configuration.',
    );
    expect(userMessageText('002', '110')).toBe(
      'create: The server failed to boot on its host. Trying again with a different image may succeed.',
    );
  });

  it('reads an unknown action id as "unknown action"', () => {
    expect(userMessageText('999', '001')).toBe('unknown action: An unknown error occurred.');
  });

  it('reads an unknown detail id as "An unknown error occurred."', () => {
    expect(userMessageText('001', '999')).toBe('allocate host: An unknown error occurred.');
    expect(userMessageText('', '')).toBe('unknown action: An unknown error occurred.');
  });
});

describe('eventId', () => {
  it('formats RESOURCE_TYPE_action_detail', () => {
    expect(eventId('SHARE', '001', '008')).toBe('SHARE_001_008');
    expect(eventId('SERVER', '002', '110')).toBe('SERVER_002_110');
  });
});

describe('detailForFailedFilter', () => {
  it.each<[SchedulerFilterName, string]>([
    ['AvailabilityZoneFilter', '007'],
    ['CapabilitiesFilter', '008'],
    ['CapacityFilter', '009'],
    ['DriverFilter', '010'],
    ['IgnoreAttemptedHostsFilter', '011'],
    ['JsonFilter', '012'],
    ['RetryFilter', '013'],
    ['ShareReplicationFilter', '014'],
    ['CreateFromSnapshotFilter', '016'],
    ['OnlyHostFilter', '002'],
    ['AffinityFilter', '002'],
    ['AntiAffinityFilter', '002'],
  ])('maps the share filter %s to detail %s', (filterName, detailId) => {
    expect(detailForFailedFilter('SHARE', filterName).id).toBe(detailId);
  });

  it.each<[SchedulerFilterName, string]>([
    ['AvailabilityZoneFilter', '102'],
    ['CapacityFilter', '103'],
    ['CapabilitiesFilter', '101'],
    ['DriverFilter', '101'],
    ['OnlyHostFilter', '101'],
  ])('maps the server filter %s to detail %s', (filterName, detailId) => {
    expect(detailForFailedFilter('SERVER', filterName).id).toBe(detailId);
  });

  it('returns the catalogue entries themselves', () => {
    expect(detailForFailedFilter('SHARE', 'CapabilitiesFilter')).toBe(MessageDetail.FilterCapabilities);
    expect(detailForFailedFilter('SHARE', 'OnlyHostFilter')).toBe(MessageDetail.NoValidHost);
    expect(detailForFailedFilter('SERVER', 'CapacityFilter')).toBe(MessageDetail.ComputeFilterCapacity);
    expect(detailForFailedFilter('SERVER', 'CapabilitiesFilter')).toBe(MessageDetail.ComputeNoValidHost);
  });
});

describe('sanctionedMessage', () => {
  it('builds a frozen message from catalogue entries', () => {
    const message = sanctionedMessage('SHARE', MessageAction.AllocateHost, MessageDetail.FilterCapabilities);
    expect(message).toEqual({ resourceType: 'SHARE', actionId: '001', detailId: '008' });
    expect(Object.isFrozen(message)).toBe(true);
  });

  it('rejects an action that is not a catalogue entry, even one equal to an entry', () => {
    expect(() =>
      sanctionedMessage('SERVER', { id: '001', text: 'allocate host' }, MessageDetail.ComputeNoValidHost),
    ).toThrow(new Error('Action "001" is not an entry of the message catalogue.'));
  });

  it('rejects a detail that is not a catalogue entry', () => {
    expect(() =>
      sanctionedMessage('SERVER', MessageAction.Create, { id: '110', text: 'Segmentation fault on host-7' }),
    ).toThrow(new Error('Detail "110" is not an entry of the message catalogue.'));
  });

  it('rejects a detail passed as the action', () => {
    expect(() => sanctionedMessage('SHARE', MessageDetail.UnknownError, MessageDetail.UnknownError)).toThrow(
      new Error('Action "001" is not an entry of the message catalogue.'),
    );
  });
});

describe('isKnownActionId and isKnownDetailId', () => {
  it('recognise catalogue ids only', () => {
    expect(isKnownActionId('001')).toBe(true);
    expect(isKnownActionId('028')).toBe(true);
    expect(isKnownActionId('012')).toBe(false);
    expect(isKnownActionId('1')).toBe(false);
    expect(isKnownDetailId('034')).toBe(true);
    expect(isKnownDetailId('111')).toBe(true);
    expect(isKnownDetailId('035')).toBe(false);
    expect(isKnownDetailId('105')).toBe(false);
  });
});
