// The events of a measurement. The tag starts the message, so the webhook side can count them.

export const namespace = 'bench';

/** Event `index` of a measurement: each one about its own Kustomization, so none waits for another. */
export function benchEvent(tag, index) {
  return {
    involvedObject: {
      kind: 'Kustomization',
      namespace,
      name: `app-${index}`,
      uid: `uid-${index}`,
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    },
    severity: 'info',
    timestamp: new Date().toISOString(),
    message: `${tag} #${index}: ConfigMap/${namespace}/settings configured`,
    reason: 'ReconciliationSucceeded',
    metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:0123456789abcdef0123456789abcdef01234567' },
    reportingController: 'kustomize-controller',
    reportingInstance: 'kustomize-controller-0',
  };
}

/** The tag of a bench event's message. */
export const tagOf = (message) => (typeof message === 'string' ? message.slice(0, message.indexOf(' #')) : undefined);
