import type { Logger } from 'pino';

/** The child-logger fields every controller uses, so that logs of all controllers can be queried alike. */
export const LogFields = {
  controller: 'controller',
  kind: 'kind',
  namespace: 'namespace',
  name: 'name',
  reconcileID: 'reconcileID',
  revision: 'revision',
} as const;
export type LogField = (typeof LogFields)[keyof typeof LogFields];

export interface ReconcileLogContext {
  kind: string;
  namespace: string;
  name: string;
  reconcileID: string;
  revision?: string;
}

export function controllerLogger(parent: Logger, controller: string): Logger {
  return parent.child({ [LogFields.controller]: controller });
}

export function reconcileLogger(parent: Logger, context: ReconcileLogContext): Logger {
  const fields: Record<string, string> = {
    [LogFields.kind]: context.kind,
    [LogFields.namespace]: context.namespace,
    [LogFields.name]: context.name,
    [LogFields.reconcileID]: context.reconcileID,
  };
  if (context.revision !== undefined) fields[LogFields.revision] = context.revision;
  return parent.child(fields);
}
