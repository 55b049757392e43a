#!/usr/bin/env bash
# Makes a local stand-in for the python:3.11-slim image, because nothing can
# be pulled on these machines (only Debian's package archive is reachable).
# It is built from this machine's own files: busybox-static for the shell and
# tools, Debian's Python 3.11 with FastAPI and uvicorn, and useradd. Its `pip`
# installs nothing: it says the packages come preinstalled. Learner
# Dockerfiles that start FROM python:3.11-slim then build and run offline.
#
# Usage: offline-python-image.sh ENGINE   (podman or docker; idempotent)
set -euo pipefail
engine=${1:-podman}
image=localhost/labs-offline-python:5
if $engine image inspect "$image" >/dev/null 2>&1; then
  $engine tag "$image" docker.io/library/python:3.11-slim
  exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
fs=$root/rootfs
mkdir -p "$fs"/{bin,usr/bin,usr/sbin,usr/local/bin,usr/lib/python3/dist-packages,etc/default,etc/skel,home,tmp,root}
chmod 1777 "$fs/tmp"

cp /bin/busybox "$fs/bin/"
for tool in sh ash echo cat ls cp mv rm mkdir chmod chown env grep sed sleep true false httpd wget id whoami; do
  ln -sf busybox "$fs/bin/$tool"
done

# The shared libraries that binaries and extension modules load, at the same paths.
copy_libraries_of() {
  for binary in "$@"; do
    ldd "$binary" 2>/dev/null | awk '/=> \//{print $3}' | while read -r library; do
      [ -e "$fs$library" ] || cp --parents -L "$library" "$fs"
    done
  done
}
cp --parents /usr/bin/python3.11 /usr/sbin/useradd "$fs"
copy_libraries_of /usr/bin/python3.11 /usr/sbin/useradd
ln -sf python3.11 "$fs/usr/bin/python3"
ln -sf python3.11 "$fs/usr/bin/python"
mkdir -p "$fs/lib64" && cp -L /lib64/ld-linux-x86-64.so.2 "$fs/lib64/"

tar -C /usr/lib -cf - --exclude='python3.11/test' --exclude='__pycache__' python3.11 | tar -C "$fs/usr/lib" -xf -
# The packages that FastAPI, uvicorn and PyYAML import, found by importing them here.
site=/usr/lib/python3/dist-packages
/usr/bin/python3 - "$site" > "$root/packages" <<'EOF'
import sys, uvicorn.main, uvicorn.loops.auto, uvicorn.protocols.http.auto, uvicorn.lifespan.on, fastapi, yaml
site = sys.argv[1] + "/"
names = {m.__file__[len(site):].split("/")[0] for m in list(sys.modules.values())
         if getattr(m, "__file__", None) and m.__file__.startswith(site)}
print("\n".join(sorted(names)))
EOF
while read -r package; do cp -r "$site/$package" "$fs$site/"; done < "$root/packages"
mapfile -t extensions < <(find "$fs/usr/lib" -name '*.so' | sed "s|^$fs||")
copy_libraries_of "${extensions[@]}"
cat > "$fs/usr/local/bin/uvicorn" <<'EOF'
#!/usr/bin/python3
import sys
from uvicorn.main import main
sys.exit(main())
EOF
cat > "$fs/usr/local/bin/pip" <<'EOF'
#!/bin/sh
echo "pip (labs offline image): packages are preinstalled here; nothing is downloaded"
EOF
chmod 755 "$fs/usr/local/bin/"*
ln -sf pip "$fs/usr/local/bin/pip3"

printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$fs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$fs/etc/group"
printf 'root:*:19000:0:99999:7:::\n' > "$fs/etc/shadow"
printf 'root:*::\n' > "$fs/etc/gshadow"
chmod 640 "$fs/etc/shadow" "$fs/etc/gshadow"
cp /etc/login.defs "$fs/etc/"
printf 'SHELL=/bin/sh\n' > "$fs/etc/default/useradd"

tar -C "$fs" -cf "$root/rootfs.tar" .
$engine import -q --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin' "$root/rootfs.tar" "$image" >/dev/null
$engine tag "$image" docker.io/library/python:3.11-slim
