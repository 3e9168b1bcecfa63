import { ApiGroup, type Receiver } from '@driftless/api';
import type { ResourceType } from '@driftless/runtime';

export type ReceiverObject = Receiver & { metadata: { namespace: string; name: string } };

export const receiverType: ResourceType = {
  group: ApiGroup.Notification,
  version: 'v1',
  kind: 'Receiver',
  plural: 'receivers',
  namespaced: true,
};
