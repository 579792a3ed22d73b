# shellcheck shell=bash
# Starts, stops and reports the host cluster's processes. Each process has a pid file under
# ${HOST_STATE_DIR}/run; `down` stops exactly those pids and nothing else.
# Sourced by hack/host-cluster.sh after common.sh and pki.sh.

HOST_COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

pid_file() { echo "${HOST_STATE_DIR}/run/$1.pid"; }
log_file() { echo "${HOST_STATE_DIR}/logs/$1.log"; }

# True if pid runs the component's binary with a command line naming our state dir. This guards
# against a recycled pid that now belongs to someone else.
is_our_process() {
  local pid="$1" component="$2" exe
  exe="$(readlink "/proc/${pid}/exe" 2>/dev/null)" || return 1
  [[ "$(basename "${exe% (deleted)}")" == "${component}" ]] || return 1
  tr '\0' ' ' < "/proc/${pid}/cmdline" 2>/dev/null | grep -qF -- "${HOST_STATE_DIR}/"
}

# Prints the pid of a component if its pid file names a live process of ours.
running_pid() {
  local component="$1" file pid
  file="$(pid_file "${component}")"
  [[ -f "${file}" ]] || return 1
  pid="$(<"${file}")"
  [[ "${pid}" =~ ^[0-9]+$ ]] && is_our_process "${pid}" "${component}" || return 1
  echo "${pid}"
}

# Starts a component in its own session (so a terminal's Ctrl-C does not reach it) unless it runs.
start_component() {
  local component="$1" binary="$2"; shift 2
  if running_pid "${component}" >/dev/null; then
    log "${component} already running (pid $(running_pid "${component}"))"
    return 0
  fi
  mkdir -p "${HOST_STATE_DIR}/run" "${HOST_STATE_DIR}/logs"
  setsid "${binary}" "$@" >>"$(log_file "${component}")" 2>&1 < /dev/null &
  local pid=$! i
  echo "${pid}" > "$(pid_file "${component}")"
  # Until it has exec'd the binary, $! is still the forked shell (then setsid): wait for the exec,
  # or running_pid, which knows our processes by their executable, takes a live one for gone.
  for ((i = 0; i < 100; i++)); do
    is_our_process "${pid}" "${component}" && break
    kill -0 "${pid}" 2>/dev/null || break
    sleep 0.05
  done
  log "started ${component} (pid ${pid})"
}

# Sends SIGTERM, waits up to 20 s, then SIGKILL.
stop_pid() {
  local label="$1" pid="$2"
  kill -TERM "${pid}" 2>/dev/null || true
  local deadline=$((SECONDS + 20))
  while kill -0 "${pid}" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
  if kill -0 "${pid}" 2>/dev/null; then
    log "${label} (pid ${pid}) ignored SIGTERM for 20s; sending SIGKILL"
    kill -KILL "${pid}" 2>/dev/null || true
  fi
  log "stopped ${label} (pid ${pid})"
}

stop_component() {
  local component="$1" pid
  if pid="$(running_pid "${component}")"; then
    stop_pid "${component}" "${pid}"
  fi
  rm -f "$(pid_file "${component}")"
}

# Prints "<pid> <component>" for processes this script started whose pid file is gone (for example
# because something deleted the state dir under a running host). A process counts only if its
# executable is one of our cached binaries AND its command line names our state dir, so processes of
# other hosts or users are never matched.
orphaned_components() {
  local proc pid exe component tracked
  tracked=" $(cat "${HOST_STATE_DIR}"/run/*.pid 2>/dev/null | tr '\n' ' ' || true) "
  for proc in /proc/[0-9]*; do
    pid="${proc#/proc/}"
    [[ "${tracked}" == *" ${pid} "* ]] && continue
    exe="$(readlink "${proc}/exe" 2>/dev/null)" || continue
    exe="${exe% (deleted)}"
    [[ "${exe}" == "$(host_kube_bin_dir)/"* || "${exe}" == "$(host_kwok_bin_dir)/"* ]] || continue
    component="$(basename "${exe}")"
    is_our_process "${pid}" "${component}" && echo "${pid} ${component}"
  done
  return 0
}

# Stops orphans in reverse start order (clients before etcd), so the apiserver is not left waiting
# on a dead etcd while it shuts down.
stop_orphaned_components() {
  local orphans i pid component
  orphans="$(orphaned_components)"
  for ((i = ${#HOST_COMPONENTS[@]} - 1; i >= 0; i--)); do
    while read -r pid component; do
      [[ "${component}" == "${HOST_COMPONENTS[i]}" ]] && stop_pid "orphaned ${component}" "${pid}"
    done <<<"${orphans}"
  done
  return 0
}

# curl against the host apiserver as admin; extra arguments are passed through.
host_api() {
  local dir; dir="$(host_pki_dir)"
  curl -sS --max-time 10 --cacert "${dir}/ca.crt" --cert "${dir}/admin.crt" --key "${dir}/admin.key" \
    "$@"
}

host_url() { echo "https://${HOST_BIND_ADDRESS}:${HOST_APISERVER_PORT}$1"; }

# Polls a command until it succeeds or the deadline passes; fails with the last component log tail.
wait_until() {
  local what="$1" component="$2"; shift 2
  local deadline=$((SECONDS + HOST_READY_TIMEOUT_SECONDS))
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS >= deadline )); then
      tail -n 30 "$(log_file "${component}")" >&2 || true
      die "timed out after ${HOST_READY_TIMEOUT_SECONDS}s waiting for ${what}"
    fi
    running_pid "${component}" >/dev/null || { tail -n 30 "$(log_file "${component}")" >&2; die "${component} exited"; }
    sleep 0.5
  done
}

etcd_healthy() { curl -fsS --max-time 2 "http://${HOST_BIND_ADDRESS}:${HOST_ETCD_CLIENT_PORT}/health" | grep -q '"health":"true"'; }
apiserver_ready() { [[ "$(host_api "$(host_url /readyz)")" == ok ]]; }
