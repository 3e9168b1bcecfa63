import { KubeConfig } from '@kubernetes/client-node';

/**
 * Loads credentials the way kubectl and Flux do: an explicit kubeconfig file first, then the
 * in-cluster service account, then `$KUBECONFIG` / `~/.kube/config` (client-node's default order).
 */
export function loadKubeConfig(options: { kubeconfigPath?: string; context?: string } = {}): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (options.kubeconfigPath) kubeConfig.loadFromFile(options.kubeconfigPath);
  else kubeConfig.loadFromDefault();
  if (options.context) kubeConfig.setCurrentContext(options.context);
  if (!kubeConfig.getCurrentCluster()) {
    throw new Error(
      options.kubeconfigPath
        ? `kubeconfig ${options.kubeconfigPath} has no current cluster`
        : 'no Kubernetes credentials found: set KUBECONFIG or run in a cluster',
    );
  }
  return kubeConfig;
}
