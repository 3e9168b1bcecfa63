import { ageColumn, column, nameColumn, wide } from '../columns.js';
import { age } from '../duration.js';
import { fieldDocs } from '../field-docs.js';
import { at, list, text } from '../object-fields.js';
import type { RowPrinter } from '../table-types.js';

/** RoleBindings and ClusterRoleBindings: the role and, wide, who it is bound to. */
export const roleBindingPrinter = (kind: 'roleBinding' | 'clusterRoleBinding'): RowPrinter => ({
  columns: [
    nameColumn,
    column('Role', 'string', fieldDocs.roleRef),
    ageColumn,
    wide('Users', 'string', `Users in the ${kind}`),
    wide('Groups', 'string', `Groups in the ${kind}`),
    wide('ServiceAccounts', 'string', `ServiceAccounts in the ${kind}`),
  ],
  cells: (binding, now) => {
    const subjects = list(binding.subjects);
    const named = (kind: string) => subjects.filter((s) => s.kind === kind).map((s) => text(s.name));
    return [
      binding.metadata.name,
      `${text(at(binding, 'roleRef.kind'))}/${text(at(binding, 'roleRef.name'))}`,
      age(binding.metadata.creationTimestamp, now),
      named('User').join(', '),
      named('Group').join(', '),
      subjects
        .filter((s) => s.kind === 'ServiceAccount')
        .map((s) => `${text(s.namespace)}:${text(s.name)}`)
        .join(', '),
    ];
  },
});
