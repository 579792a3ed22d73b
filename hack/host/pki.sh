# shellcheck shell=bash
# Certificates, service-account keys and kubeconfigs for the host cluster, made with openssl.
# Sourced by hack/host-cluster.sh after common.sh. Everything lands in ${HOST_STATE_DIR}/pki.

host_pki_dir() { echo "${HOST_STATE_DIR}/pki"; }

# Issues <name>.crt/<name>.key signed by the host CA. $4 is the x509v3 extension text.
issue_cert() {
  local name="$1" subject="$2" extensions="$3" dir; dir="$(host_pki_dir)"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "${dir}/${name}.key" -subj "${subject}" -out "${dir}/${name}.csr" 2>/dev/null
  openssl x509 -req -in "${dir}/${name}.csr" -CA "${dir}/ca.crt" -CAkey "${dir}/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days 825 -sha256 \
    -extfile <(printf '%s\n' "${extensions}") -out "${dir}/${name}.crt" 2>/dev/null
  rm -f "${dir}/${name}.csr"
}

client_cert() {
  local name="$1" subject="$2"
  issue_cert "${name}" "${subject}" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
}

serving_cert() {
  local name="$1" subject="$2" alt_names="$3"
  issue_cert "${name}" "${subject}" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=${alt_names}"
}

# The first address of the service range is the in-cluster `kubernetes` Service IP; it must be a SAN.
first_service_ip() {
  local network="${HOST_SERVICE_CIDR%/*}"
  echo "${network%.*}.$(( ${network##*.} + 1 ))"
}

# Writes a kubeconfig with embedded credentials for one client certificate. The body runs in a
# subshell so the private umask does not leak into the caller.
write_kubeconfig() (
  local file="$1" cert_name="$2" user="$3" dir; dir="$(host_pki_dir)"
  umask 077
  mkdir -p "$(dirname "${file}")"
  cat > "${file}" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: vkube-host
  cluster:
    server: https://${HOST_BIND_ADDRESS}:${HOST_APISERVER_PORT}
    certificate-authority-data: $(base64 -w0 < "${dir}/ca.crt")
users:
- name: ${user}
  user:
    client-certificate-data: $(base64 -w0 < "${dir}/${cert_name}.crt")
    client-key-data: $(base64 -w0 < "${dir}/${cert_name}.key")
contexts:
- name: vkube-host
  context:
    cluster: vkube-host
    user: ${user}
current-context: vkube-host
KUBECONFIG
)

# Generates the PKI once; a second `up` reuses it so existing kubeconfigs stay valid.
ensure_pki() {
  local dir; dir="$(host_pki_dir)"
  [[ -f "${dir}/done" ]] && return 0
  command -v openssl >/dev/null || die "openssl is required to generate the host cluster's certificates"
  log "generating certificates in ${dir}"
  rm -rf "${dir}" && mkdir -p "${dir}" && chmod 700 "${dir}"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 -sha256 \
    -keyout "${dir}/ca.key" -out "${dir}/ca.crt" -subj "/CN=vkube-host-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
  serving_cert apiserver "/CN=kube-apiserver" \
    "IP:${HOST_BIND_ADDRESS},IP:$(first_service_ip),DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  # kwok's server plays every node's kubelet endpoint (logs/exec/port-forward) on the node IP.
  serving_cert kwok-server "/CN=kwok-server" "IP:${HOST_BIND_ADDRESS},DNS:localhost"
  client_cert admin "/O=system:masters/CN=kubernetes-admin"
  client_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  client_cert controller-manager "/CN=system:kube-controller-manager"
  client_cert scheduler "/CN=system:kube-scheduler"
  # kwok writes node and pod status for every fake node, so it gets cluster-admin like kwokctl gives it.
  client_cert kwok "/O=system:masters/CN=kwok-controller"
  # Service-account tokens are signed with RSA, the algorithm every token consumer supports.
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "${dir}/sa.key" 2>/dev/null
  openssl pkey -in "${dir}/sa.key" -pubout -out "${dir}/sa.pub" 2>/dev/null
  chmod 600 "${dir}"/*.key
  touch "${dir}/done"
}

ensure_kubeconfigs() {
  local dir; dir="$(host_pki_dir)"
  write_kubeconfig "${dir}/controller-manager.kubeconfig" controller-manager system:kube-controller-manager
  write_kubeconfig "${dir}/scheduler.kubeconfig" scheduler system:kube-scheduler
  write_kubeconfig "${dir}/kwok.kubeconfig" kwok kwok-controller
}

# Written only once the host is ready, so its presence means "the host came up" to tests.
write_admin_kubeconfig() {
  write_kubeconfig "${HOST_KUBECONFIG}" admin kubernetes-admin
}
