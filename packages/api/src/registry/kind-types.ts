import type { Alert } from '../kinds/alert.js';
import type { GitRepository } from '../kinds/git-repository.js';
import type { HelmChart } from '../kinds/helm-chart.js';
import type { HelmRelease } from '../kinds/helm-release.js';
import type { HelmRepository } from '../kinds/helm-repository.js';
import type { ImagePolicy } from '../kinds/image-policy.js';
import type { ImageRepository } from '../kinds/image-repository.js';
import type { ImageUpdateAutomation } from '../kinds/image-update-automation.js';
import type { Kustomization } from '../kinds/kustomization.js';
import type { OCIRepository } from '../kinds/oci-repository.js';
import type { Provider } from '../kinds/provider.js';
import type { Receiver } from '../kinds/receiver.js';

/** The object type of each kind, for `validate`. */
export interface KindTypeMap {
  GitRepository: GitRepository;
  HelmRepository: HelmRepository;
  HelmChart: HelmChart;
  OCIRepository: OCIRepository;
  Kustomization: Kustomization;
  HelmRelease: HelmRelease;
  ImageRepository: ImageRepository;
  ImagePolicy: ImagePolicy;
  ImageUpdateAutomation: ImageUpdateAutomation;
  Provider: Provider;
  Alert: Alert;
  Receiver: Receiver;
}
