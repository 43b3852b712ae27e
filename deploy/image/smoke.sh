#!/usr/bin/env bash
# Runs the OCI image tar that `mvn -Pimage` builds (web/target/jib-image.tar) without a container engine, to
# check it: unpacks its layers in order into a directory, then starts its entrypoint there with chroot, as its
# user, with /proc and /dev mounted, and waits for /health/ready. Needs root (chroot, mount), python3, and a
# PostgreSQL reachable at FLASHSALE_DB_URL (scripts/lib/postgres.sh makes the local one ready). Not a sandbox:
# the member shares this machine's network.
#   deploy/image/smoke.sh [image.tar]    (FLASHSALE_* variables are passed on to the member)
set -euo pipefail
tar_file=${1:-web/target/jib-image.tar}
work=$(mktemp -d)
root=$work/rootfs
pid=
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  umount "$root/proc" "$root/dev" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/oci" "$root"
tar -xf "$tar_file" -C "$work/oci"
# The manifest names the layers (in order) and the config (entrypoint, user, environment).
read -r -a plan < <(python3 - "$work/oci" <<'PY'
import json, sys
oci = sys.argv[1]
blob = lambda digest: f"{oci}/blobs/{digest.replace(':', '/')}"
index = json.load(open(f"{oci}/index.json"))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
print(blob(manifest["config"]["digest"]), *[blob(layer["digest"]) for layer in manifest["layers"]])
PY
)
for layer in "${plan[@]:1}"; do
  tar --warning=no-unknown-keyword -xzf "$layer" -C "$root"
done
mapfile -t entrypoint < <(python3 -c 'import json,sys; [print(a) for a in json.load(open(sys.argv[1]))["config"]["Entrypoint"]]' "${plan[0]}")
user=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"].get("User", "0:0"))' "${plan[0]}")
mapfile -t image_env < <(python3 -c 'import json,sys; [print(e) for e in json.load(open(sys.argv[1]))["config"].get("Env", [])]' "${plan[0]}")

mkdir -p "$root/proc" "$root/dev"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
port=${FLASHSALE_HTTP_PORT:-18080}
member_env=("${image_env[@]}" "FLASHSALE_HTTP_PORT=$port")
while IFS='=' read -r name value; do
  [[ $name == FLASHSALE_* || $name == HZ_* || $name == JAVA_TOOL_OPTIONS ]] && member_env+=("$name=$value")
done < <(env)
env -i "${member_env[@]}" "$(command -v chroot)" --userspec="$user" "$root" "${entrypoint[@]}" >"$work/member.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
  if curl -sf "localhost:$port/health/ready"; then
    echo
    printf 'the image runs: %s answers /health/ready (entrypoint %s, user %s)\n' "$tar_file" "${entrypoint[0]}" "$user"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 2
done
printf 'the image did not become ready; its log:\n' >&2
tail -n 40 "$work/member.log" >&2
exit 1
