import { startDevCluster } from '@driftless/devcluster';
const c = await startDevCluster({ port: 0, workloadDelayMs: 0 });
console.log(c.kubeconfigPath);
await new Promise(r => setTimeout(r, 600000));
