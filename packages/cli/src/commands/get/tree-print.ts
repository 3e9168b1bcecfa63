import { subjectOf } from '@driftless/apply';
import type { TreeNode } from './tree-build.js';

const branch = { middle: '├── ', last: '└── ', through: '│   ', empty: '    ' } as const;

/** `Kustomization/apps/web` with its managed objects indented under it, as `flux tree` draws them. */
export function printTree(root: TreeNode): string {
  return `${subjectOf(root.resource)}\n${printChildren(root.resources ?? [], '')}`;
}

function printChildren(nodes: readonly TreeNode[], prefix: string): string {
  return nodes
    .map((node, index) => {
      const last = index === nodes.length - 1;
      const line = `${prefix}${last ? branch.last : branch.middle}${subjectOf(node.resource)}\n`;
      return line + printChildren(node.resources ?? [], prefix + (last ? branch.empty : branch.through));
    })
    .join('');
}
