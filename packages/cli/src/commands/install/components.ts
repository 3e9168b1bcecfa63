import { InvalidArgumentError } from 'commander';

/** The controllers of the umbrella chart, by the names `--components` takes. */
export const components = ['source', 'kustomize', 'helm', 'image-automation', 'notification'] as const;
export type Component = (typeof components)[number];

/** The subchart (and values section) of a component. */
export function chartOf(component: Component): string {
  return `${component}-controller`;
}

/** `source,kustomize` or `source-controller,kustomize-controller`. */
export function parseComponents(value: string): Component[] {
  const picked = value
    .split(',')
    .map((word) => word.trim().replace(/-controller$/, ''))
    .filter((word) => word !== '');
  for (const word of picked) {
    if (!(components as readonly string[]).includes(word)) {
      throw new InvalidArgumentError(`unknown component "${word}"; choose from ${components.join(', ')}`);
    }
  }
  if (picked.length === 0) throw new InvalidArgumentError('name at least one component');
  return [...new Set(picked as Component[])];
}
