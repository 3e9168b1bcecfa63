{{/*
What is particular to the source-controller (read by the shared templates, see _helpers.tpl):
- ports: the artifact file server (STORAGE_PORT), behind the Service appliers download from;
- paths: the artifact store (STORAGE_PATH) and the Git caches (CACHE_PATH), both emptyDirs: artifacts
  are rebuilt after a restart, as in Flux;
- env: STORAGE_ADV_ADDR, the base URL written into every artifact (the Service's DNS name);
- rules: its ClusterRole.
*/}}
{{- define "source-controller.profile" -}}
{{- $fullname := include "driftless.fullname" . }}
ports:
  - name: artifacts
    env: STORAGE_PORT
    containerPort: 9090
    service: {{ $fullname }}
    servicePort: 80
paths:
  - name: storage
    env: STORAGE_PATH
    mountPath: /data
  - name: cache
    env: CACHE_PATH
    mountPath: /cache
env:
  - name: STORAGE_ADV_ADDR
    value: {{ printf "http://%s.%s.svc.cluster.local" $fullname .Release.Namespace }}
rules:
  - apiGroups: ["source.toolkit.fluxcd.io"]
    resources: ["gitrepositories", "helmrepositories", "helmcharts", "ocirepositories"]
    verbs: ["get", "list", "watch", "patch", "update"]
  - apiGroups: ["source.toolkit.fluxcd.io"]
    resources: ["gitrepositories/status", "helmrepositories/status", "helmcharts/status", "ocirepositories/status"]
    verbs: ["get", "patch", "update"]
  - apiGroups: ["source.toolkit.fluxcd.io"]
    resources: ["gitrepositories/finalizers", "helmrepositories/finalizers", "helmcharts/finalizers", "ocirepositories/finalizers"]
    verbs: ["update"]
  # Credentials named by secretRef, certSecretRef and the like.
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get"]
  - apiGroups: [""]
    resources: ["events"]
    verbs: ["create", "patch"]
{{- end }}
