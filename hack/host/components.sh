# shellcheck shell=bash
# The flags of each host component, plus up/down/status. Sourced by hack/host-cluster.sh after
# common.sh, build.sh, pki.sh and run.sh. Everything listens on 127.0.0.1 only.

start_etcd() {
  local bin; bin="$(host_kube_bin_dir)/etcd"
  # Plain HTTP is acceptable only because it is bound to loopback; no fsync because this is a
  # disposable dev/test cluster and fsync latency dominates small writes.
  start_component etcd "${bin}" \
    --name host --data-dir "${HOST_STATE_DIR}/etcd" \
    --listen-client-urls "http://${HOST_BIND_ADDRESS}:${HOST_ETCD_CLIENT_PORT}" \
    --advertise-client-urls "http://${HOST_BIND_ADDRESS}:${HOST_ETCD_CLIENT_PORT}" \
    --listen-peer-urls "http://${HOST_BIND_ADDRESS}:${HOST_ETCD_PEER_PORT}" \
    --initial-advertise-peer-urls "http://${HOST_BIND_ADDRESS}:${HOST_ETCD_PEER_PORT}" \
    --initial-cluster "host=http://${HOST_BIND_ADDRESS}:${HOST_ETCD_PEER_PORT}" \
    --unsafe-no-fsync --log-level warn
  wait_until "etcd /health" etcd etcd_healthy
}

start_apiserver() {
  local bin pki; bin="$(host_kube_bin_dir)/kube-apiserver"; pki="$(host_pki_dir)"
  start_component kube-apiserver "${bin}" \
    --bind-address "${HOST_BIND_ADDRESS}" --advertise-address "${HOST_BIND_ADDRESS}" \
    --secure-port "${HOST_APISERVER_PORT}" \
    --etcd-servers "http://${HOST_BIND_ADDRESS}:${HOST_ETCD_CLIENT_PORT}" \
    --tls-cert-file "${pki}/apiserver.crt" --tls-private-key-file "${pki}/apiserver.key" \
    --client-ca-file "${pki}/ca.crt" \
    --kubelet-client-certificate "${pki}/apiserver-kubelet-client.crt" \
    --kubelet-client-key "${pki}/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "${pki}/ca.crt" \
    --kubelet-preferred-address-types InternalIP \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "${pki}/sa.pub" --service-account-signing-key-file "${pki}/sa.key" \
    --service-cluster-ip-range "${HOST_SERVICE_CIDR}" \
    --authorization-mode Node,RBAC --allow-privileged=true --profiling=false \
    --feature-gates "${HOST_APISERVER_FEATURE_GATES}" \
    --cert-dir "${HOST_STATE_DIR}/apiserver"
  wait_until "kube-apiserver /readyz" kube-apiserver apiserver_ready
}

start_controller_manager() {
  local bin pki; bin="$(host_kube_bin_dir)/kube-controller-manager"; pki="$(host_pki_dir)"
  local kubeconfig="${pki}/controller-manager.kubeconfig"
  start_component kube-controller-manager "${bin}" \
    --kubeconfig "${kubeconfig}" --authentication-kubeconfig "${kubeconfig}" \
    --authorization-kubeconfig "${kubeconfig}" \
    --bind-address "${HOST_BIND_ADDRESS}" --secure-port "${HOST_CONTROLLER_MANAGER_PORT}" \
    --cert-dir "${HOST_STATE_DIR}/controller-manager" \
    --root-ca-file "${pki}/ca.crt" --service-account-private-key-file "${pki}/sa.key" \
    --cluster-signing-cert-file "${pki}/ca.crt" --cluster-signing-key-file "${pki}/ca.key" \
    --use-service-account-credentials=true --leader-elect=false \
    --service-cluster-ip-range "${HOST_SERVICE_CIDR}" --profiling=false
}

start_scheduler() {
  local bin pki; bin="$(host_kube_bin_dir)/kube-scheduler"; pki="$(host_pki_dir)"
  local kubeconfig="${pki}/scheduler.kubeconfig"
  start_component kube-scheduler "${bin}" \
    --kubeconfig "${kubeconfig}" --authentication-kubeconfig "${kubeconfig}" \
    --authorization-kubeconfig "${kubeconfig}" \
    --bind-address "${HOST_BIND_ADDRESS}" --secure-port "${HOST_SCHEDULER_PORT}" \
    --cert-dir "${HOST_STATE_DIR}/scheduler" --leader-elect=false --profiling=false
}

# kwok's streaming config: `kubectl logs` serves a fixed file, `kubectl port-forward` to any pod port
# is an echo (the stream is piped through `cat`), and `kubectl exec` runs commands on THIS machine,
# so exec is only enabled when HOST_KWOK_LOCAL_EXEC=1.
write_kwok_streaming_config() {
  local dir="${HOST_STATE_DIR}/kwok"
  mkdir -p "${dir}/exec"
  # CRI log format (timestamp, stream, P/F tag, message): kwok parses it like the kubelet does.
  local now; now="$(date -u +%Y-%m-%dT%H:%M:%S.000000000Z)"
  printf "${now} stdout F vkube host: fake container log line %s\n" 1 2 3 > "${dir}/container.log"
  cat > "${dir}/streaming.yaml" <<YAML
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: vkube-host-logs
spec:
  logs:
  - logsFile: ${dir}/container.log
    follow: true
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterPortForward
metadata:
  name: vkube-host-port-forward
spec:
  forwards:
  - command: [cat]
YAML
  if [[ "${HOST_KWOK_LOCAL_EXEC:-0}" == 1 ]]; then
    cat >> "${dir}/streaming.yaml" <<YAML
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: vkube-host-exec
spec:
  execs:
  - local:
      workDir: ${dir}/exec
YAML
  fi
}

start_kwok() {
  local bin pki; bin="$(host_kwok_bin_dir)/kwok"; pki="$(host_pki_dir)"
  write_kwok_streaming_config
  start_component kwok "${bin}" \
    --kubeconfig "${pki}/kwok.kubeconfig" \
    --config "$(host_kwok_stages_dir)/stages.yaml" --config "${HOST_STATE_DIR}/kwok/streaming.yaml" \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --node-ip "${HOST_BIND_ADDRESS}" --node-port "${HOST_KWOK_SERVER_PORT}" \
    --server-address "${HOST_BIND_ADDRESS}:${HOST_KWOK_SERVER_PORT}" \
    --tls-cert-file "${pki}/kwok-server.crt" --tls-private-key-file "${pki}/kwok-server.key" \
    --cidr "${HOST_POD_CIDR%.*}.1/${HOST_POD_CIDR#*/}" --node-lease-duration-seconds 40
}

# Fake nodes carry kwok's annotation (so kwok plays their kubelet) and no taint, so ordinary pods —
# including the ones vkube's syncer creates — schedule onto them without tolerations.
create_fake_nodes() {
  local i name status
  for ((i = 0; i < HOST_NODE_COUNT; i++)); do
    name="kwok-node-${i}"
    status="$(host_api -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
      "$(host_url /api/v1/nodes)" -d @- <<JSON
{"apiVersion":"v1","kind":"Node","metadata":{"name":"${name}",
 "annotations":{"kwok.x-k8s.io/node":"fake","node.alpha.kubernetes.io/ttl":"0"},
 "labels":{"type":"kwok","kubernetes.io/hostname":"${name}","kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","node-role.kubernetes.io/agent":""}},
 "spec":{}}
JSON
    )"
    [[ "${status}" == 201 || "${status}" == 409 ]] || die "creating node ${name} answered HTTP ${status}"
  done
}

# True when at least HOST_NODE_COUNT kwok nodes report Ready=True.
fake_nodes_ready() {
  host_api "$(host_url /api/v1/nodes)" | HOST_NODE_COUNT="${HOST_NODE_COUNT}" node -e '
    let text = ""; process.stdin.on("data", (chunk) => { text += chunk; });
    process.stdin.on("end", () => {
      const ready = JSON.parse(text).items.filter((node) =>
        node.metadata.annotations?.["kwok.x-k8s.io/node"] === "fake" &&
        node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
      process.exit(ready.length >= Number(process.env.HOST_NODE_COUNT) ? 0 : 1);
    });'
}

host_up() {
  build_kube_binaries
  build_kwok
  mkdir -p "${HOST_STATE_DIR}"
  # Leftovers of a host whose state dir was deleted hold the ports; they are ours, so stop them.
  stop_orphaned_components
  ensure_pki
  ensure_kubeconfigs
  local started=${SECONDS}
  start_etcd
  start_apiserver
  start_controller_manager
  start_scheduler
  start_kwok
  create_fake_nodes
  wait_until "${HOST_NODE_COUNT} Ready fake nodes" kwok fake_nodes_ready
  write_admin_kubeconfig
  log "host cluster ${KUBE_VERSION} is up in $((SECONDS - started))s: export KUBECONFIG=${HOST_KUBECONFIG}"
}

host_down() {
  local i
  # Reverse start order: clients first, etcd last.
  for ((i = ${#HOST_COMPONENTS[@]} - 1; i >= 0; i--)); do stop_component "${HOST_COMPONENTS[i]}"; done
  stop_orphaned_components
  # Refuse to delete a directory that is obviously not a state dir (a mistyped HOST_STATE_DIR).
  case "$(cd "${HOST_STATE_DIR}" 2>/dev/null && pwd)" in
    / | "${HOME}" | "${VKUBE_REPO_ROOT}") die "refusing to remove HOST_STATE_DIR=${HOST_STATE_DIR}" ;;
  esac
  rm -rf "${HOST_STATE_DIR}"
  log "host cluster stopped and ${HOST_STATE_DIR} removed"
}

# Exit status 0 only if every component runs and the apiserver is ready.
host_status() {
  local component pid all_running=0
  for component in "${HOST_COMPONENTS[@]}"; do
    if pid="$(running_pid "${component}")"; then
      printf '%-24s running (pid %s)\n' "${component}" "${pid}"
    else
      printf '%-24s stopped\n' "${component}"; all_running=1
    fi
  done
  local orphan_pid orphan_component
  while read -r orphan_pid orphan_component; do
    [[ -n "${orphan_pid}" ]] || continue
    printf '%-24s orphaned (pid %s, pid file gone; `down` stops it)\n' "${orphan_component}" "${orphan_pid}"
    all_running=1
  done < <(orphaned_components)
  if [[ -f "$(host_pki_dir)/done" ]] && apiserver_ready; then
    printf '%-24s %s\n' "apiserver /readyz" ok "kubeconfig" "${HOST_KUBECONFIG}"
  else
    printf '%-24s %s\n' "apiserver /readyz" "not ready"; all_running=1
  fi
  return "${all_running}"
}
