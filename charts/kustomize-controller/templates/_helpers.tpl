{{/*
Shared by every Driftless controller chart: this file is identical in each of them (the chart tests
check it). What differs per controller (ports, scratch directories, RBAC rules) is in _profile.tpl,
under the name "<chart name>.profile", because named templates are global across an umbrella chart.
*/}}

{{- define "driftless.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "driftless.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "driftless.selectorLabels" -}}
app.kubernetes.io/name: {{ include "driftless.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "driftless.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "driftless.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: controller
app.kubernetes.io/part-of: driftless
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "driftless.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "driftless.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The controller's profile (its _profile.tpl) as a dict: ports, paths, env, rules. */}}
{{- define "driftless.profile" -}}
{{- include (printf "%s.profile" .Chart.Name) . }}
{{- end }}

{{/* The Secrets mounted for NATS authentication and TLS: name, the Secret, its keys, env var per key. */}}
{{- define "driftless.natsSecrets" -}}
{{- $nats := .Values.nats }}
{{- if and $nats.credsSecret.name $nats.nkeySecret.name }}
{{- fail "set only one of nats.credsSecret.name and nats.nkeySecret.name (one NATS authentication method)" }}
{{- end }}
mounts:
{{- with $nats.credsSecret.name }}
  - name: nats-creds
    secret: {{ . }}
    files:
      - key: {{ $nats.credsSecret.key }}
        env: NATS_CREDS_FILE
{{- end }}
{{- with $nats.nkeySecret.name }}
  - name: nats-nkey
    secret: {{ . }}
    files:
      - key: {{ $nats.nkeySecret.key }}
        env: NATS_NKEY_SEED_FILE
{{- end }}
{{- with $nats.tls.caSecret.name }}
  - name: nats-tls-ca
    secret: {{ . }}
    files:
      - key: {{ $nats.tls.caSecret.key }}
        env: NATS_TLS_CA_FILE
{{- end }}
{{- with $nats.tls.certSecret.name }}
  - name: nats-tls-cert
    secret: {{ . }}
    files:
      - key: {{ $nats.tls.certSecret.certKey }}
        env: NATS_TLS_CERT_FILE
      - key: {{ $nats.tls.certSecret.keyKey }}
        env: NATS_TLS_KEY_FILE
{{- end }}
{{- end }}
