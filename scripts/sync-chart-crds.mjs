// Copies each controller's CRDs from packages/api/crds (generated from the @driftless/api schemas)
// into its Helm chart's crds/ folder, and removes any other file there, so the charts install exactly
// the CRDs the controllers were built against. scripts/check-generated.mjs runs it and fails when the
// copies were stale.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const crdSource = join(root, 'packages', 'api', 'crds');

/** The kinds each controller owns, as `<group>_<plural>` (the file names under packages/api/crds). */
const chartCrds = {
  'source-controller': [
    'source.toolkit.fluxcd.io_gitrepositories',
    'source.toolkit.fluxcd.io_helmrepositories',
    'source.toolkit.fluxcd.io_helmcharts',
    'source.toolkit.fluxcd.io_ocirepositories',
  ],
  'kustomize-controller': ['kustomize.toolkit.fluxcd.io_kustomizations'],
  'helm-controller': ['helm.toolkit.fluxcd.io_helmreleases'],
  'image-automation-controller': [
    'image.toolkit.fluxcd.io_imagerepositories',
    'image.toolkit.fluxcd.io_imagepolicies',
    'image.toolkit.fluxcd.io_imageupdateautomations',
  ],
  'notification-controller': [
    'notification.toolkit.fluxcd.io_alerts',
    'notification.toolkit.fluxcd.io_providers',
    'notification.toolkit.fluxcd.io_receivers',
  ],
};

const available = new Set(readdirSync(crdSource).filter((file) => file.endsWith('.yaml')));
const owned = Object.values(chartCrds).flat();
const unowned = [...available].filter((file) => !owned.includes(file.replace(/\.yaml$/, '')));
if (unowned.length > 0) {
  console.error(`sync-chart-crds: no chart owns ${unowned.join(', ')}; add them to chartCrds`);
  process.exit(1);
}

for (const [chart, crds] of Object.entries(chartCrds)) {
  const target = join(root, 'charts', chart, 'crds');
  mkdirSync(target, { recursive: true });
  const wanted = new Set(crds.map((crd) => `${crd}.yaml`));
  for (const file of readdirSync(target)) {
    if (!wanted.has(file)) rmSync(join(target, file));
  }
  for (const file of wanted) {
    if (!available.has(file)) {
      console.error(`sync-chart-crds: ${chart} needs packages/api/crds/${file}, which does not exist`);
      process.exit(1);
    }
    const from = join(crdSource, file);
    const to = join(target, file);
    let current;
    try {
      current = readFileSync(to);
    } catch {
      current = undefined;
    }
    if (current === undefined || !current.equals(readFileSync(from))) copyFileSync(from, to);
  }
}
console.log('chart CRDs are in sync with packages/api/crds');
