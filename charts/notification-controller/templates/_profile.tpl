{{/*
What is particular to the notification-controller (read by the shared templates, see _helpers.tpl):
- ports: the webhook receiver (RECEIVER_PORT), behind its own Service;
- rules: its ClusterRole.
*/}}
{{- define "notification-controller.profile" -}}
ports:
  - name: receiver
    env: RECEIVER_PORT
    containerPort: 9292
    service: {{ include "driftless.fullname" . }}-webhook-receiver
    servicePort: 80
paths: []
env: []
rules:
  - apiGroups: ["notification.toolkit.fluxcd.io"]
    resources: ["alerts", "providers"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["notification.toolkit.fluxcd.io"]
    resources: ["receivers"]
    verbs: ["get", "list", "watch", "patch", "update"]
  - apiGroups: ["notification.toolkit.fluxcd.io"]
    resources: ["receivers/status"]
    verbs: ["get", "patch", "update"]
  - apiGroups: ["notification.toolkit.fluxcd.io"]
    resources: ["receivers/finalizers"]
    verbs: ["update"]
  # Receivers annotate (reconcile.fluxcd.io/requestedAt) the objects they name, listing them for
  # a name with '*'; Alerts read the labels of an event's object.
  - apiGroups: ["source.toolkit.fluxcd.io"]
    resources: ["gitrepositories", "helmrepositories", "helmcharts", "ocirepositories"]
    verbs: ["get", "list", "patch"]
  - apiGroups: ["kustomize.toolkit.fluxcd.io"]
    resources: ["kustomizations"]
    verbs: ["get", "list", "patch"]
  - apiGroups: ["helm.toolkit.fluxcd.io"]
    resources: ["helmreleases"]
    verbs: ["get", "list", "patch"]
  - apiGroups: ["image.toolkit.fluxcd.io"]
    resources: ["imagerepositories", "imagepolicies", "imageupdateautomations"]
    verbs: ["get", "list", "patch"]
  # Receiver tokens and Provider secrets (addresses, tokens, certificates).
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get"]
  - apiGroups: [""]
    resources: ["events"]
    verbs: ["create", "patch"]
{{- end }}
