import type { KubeObject } from '../../types.js';
import { ageColumn, column, nameColumn, wide } from '../columns.js';
import { age } from '../duration.js';
import { fieldDocs } from '../field-docs.js';
import { at, type Fields, fields, list, text } from '../object-fields.js';
import type { RowPrinter, TableRowCondition } from '../table-types.js';

const isRestartable = (container: Fields | undefined) => container?.restartPolicy === 'Always';

const latest = (a: string, b: unknown) => (typeof b === 'string' && b > a ? b : a);

function terminatedReason(state: Fields, prefix: string): string {
  const terminated = fields(state.terminated);
  if (text(terminated.reason)) return prefix + text(terminated.reason);
  if (terminated.signal) return `${prefix}Signal:${terminated.signal}`;
  return `${prefix}ExitCode:${terminated.exitCode ?? 0}`;
}

const hasCondition = (pod: KubeObject, type: string) =>
  list(at(pod, 'status.conditions')).some((c) => c.type === type && c.status === 'True');

/** `printPod`: ready containers, the status kubectl shows (init progress, waiting reasons, Terminating), restarts. */
function podCells(pod: KubeObject, now: Date): unknown[] {
  const spec = fields(pod.spec);
  const status = fields(pod.status);
  const initSpecs = new Map(list(spec.initContainers).map((c) => [text(c.name), c]));
  const total = list(spec.containers).length + [...initSpecs.values()].filter(isRestartable).length;
  let ready = 0;
  let restarts = 0;
  let lastRestart = '';
  let sidecarRestarts = 0;
  let lastSidecarRestart = '';
  let reason = text(status.reason) || text(status.phase);
  if (list(status.conditions).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }
  let initializing = false;
  const initStatuses = list(status.initContainerStatuses);
  for (const [i, container] of initStatuses.entries()) {
    const state = fields(container.state);
    const finishedAt = at(container, 'lastState.terminated.finishedAt');
    restarts += Number(container.restartCount ?? 0);
    lastRestart = latest(lastRestart, finishedAt);
    const restartable = isRestartable(initSpecs.get(text(container.name)));
    if (restartable) {
      sidecarRestarts += Number(container.restartCount ?? 0);
      lastSidecarRestart = latest(lastSidecarRestart, finishedAt);
    }
    if (state.terminated && at(state, 'terminated.exitCode') === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) ready++;
      continue;
    }
    initializing = true;
    if (state.terminated) reason = terminatedReason(state, 'Init:');
    else if (text(at(state, 'waiting.reason')) && at(state, 'waiting.reason') !== 'PodInitializing') {
      reason = `Init:${text(at(state, 'waiting.reason'))}`;
    } else reason = `Init:${i}/${initSpecs.size}`;
    break;
  }
  if (!initializing || hasCondition(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let running = false;
    for (const container of [...list(status.containerStatuses)].reverse()) {
      const state = fields(container.state);
      restarts += Number(container.restartCount ?? 0);
      lastRestart = latest(lastRestart, at(container, 'lastState.terminated.finishedAt'));
      if (text(at(state, 'waiting.reason'))) reason = text(at(state, 'waiting.reason'));
      else if (state.terminated) reason = terminatedReason(state, '');
      else if (container.ready && state.running) {
        running = true;
        ready++;
      }
    }
    if (reason === 'Completed' && running) reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }
  const phase = text(status.phase);
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  const restartText = restarts !== 0 && lastRestart ? `${restarts} (${age(lastRestart, now)} ago)` : String(restarts);
  const podIp = text(at(list(status.podIPs)[0], 'ip')) || text(status.podIP) || '<none>';
  const gates = list(spec.readinessGates);
  const gatesText = gates.length
    ? `${gates.filter((g) => hasCondition(pod, text(g.conditionType))).length}/${gates.length}`
    : '<none>';
  return [
    pod.metadata.name,
    `${ready}/${total}`,
    reason,
    restartText,
    age(pod.metadata.creationTimestamp, now),
    podIp,
    text(spec.nodeName) || '<none>',
    text(status.nominatedNodeName) || '<none>',
    gatesText,
  ];
}

function podConditions(pod: KubeObject): TableRowCondition[] {
  const phase = at(pod, 'status.phase');
  if (phase === 'Succeeded') {
    return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
  }
  if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
  return [];
}

export const podPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn,
    wide('IP', 'string', fieldDocs.podIP),
    wide('Node', 'string', fieldDocs.nodeName),
    wide('Nominated Node', 'string', fieldDocs.nominatedNodeName),
    wide('Readiness Gates', 'string', fieldDocs.readinessGates),
  ],
  cells: podCells,
  conditions: podConditions,
};
