#!/usr/bin/env bash
# deps.sh: make sure everything Lichen's build and tests need is present.
#
# Run by the Makefile before anything is built (it leaves a stamp in
# build/deps/ so it runs again only when this file changes).  On a fresh
# Debian 12 machine it:
#   1. installs the host packages that are missing (apt-get),
#      adding the arm64 architecture for the ':arm64' ones;
#   2. fetches Debian's libfdt-dev:arm64 (the nucleus links its libfdt.a)
#      and busybox-static:arm64 (the guest's reference workload) with
#      'apt-get download' and unpacks them with 'dpkg -x' into build/deps/;
#      both are arm64 files for the guest and are never installed on the host.
# With a second argument "linux" it fetches instead the one thing only
# make bench needs: Debian's arm64 Linux kernel (linux-image-cloud-arm64,
# unpacked, never installed), the reference system of the benchmarks.
# It says what it does, and stops with a clear message when it cannot.
set -euo pipefail

DEPS=${1:-build/deps}
WHAT=${2:-all}
mkdir -p "$DEPS"
DEPS=$(cd "$DEPS" && pwd)

HOST_PACKAGES=(
  make gcc libc6-dev                 # host tools and unit tests
  gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu   # the nucleus
  musl-dev:arm64                     # aarch64-linux-musl-gcc, for EL0 code
  qemu-system-arm ipxe-qemu          # the machine (virt's NIC needs ipxe ROMs)
  gdb-multiarch                      # make debug
  libcmocka-dev libfdt-dev           # host unit tests
  device-tree-compiler               # dtc: test device trees
  mtools dosfstools                  # FAT oracles: mcopy, fsck.fat
  clang libclang-rt-14-dev           # fuzzing
)

say() { echo "deps: $*"; }
die() { echo "deps: error: $*" >&2; exit 1; }

# as_root CMD...: run a command as root, through sudo when we are not root.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "'$*' needs root and sudo is not installed; run it as root"
  fi
}

apt_updated=0
apt_update() {
  [ $apt_updated -eq 1 ] && return 0
  say "apt-get update"
  as_root apt-get update -q >/dev/null || die "apt-get update failed (is Debian's archive reachable?)"
  apt_updated=1
}

ensure_arm64_arch() {
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    say "adding the arm64 architecture to dpkg (for musl-dev:arm64 and busybox-static:arm64)"
    as_root dpkg --add-architecture arm64
    apt_updated=0
  fi
}

install_missing_packages() {
  local missing=() p
  for p in "${HOST_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
      || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing: ${missing[*]}"
  apt_update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends "${missing[@]}" >"$DEPS/apt-install.log" 2>&1 \
    || { tail -20 "$DEPS/apt-install.log" >&2; die "apt-get install failed (log: $DEPS/apt-install.log)"; }
}

# fetch_arm64_deb PKG DIR: unpack Debian's arm64 PKG into DIR with
# 'apt-get download' + 'dpkg -x'; never installed on the host.
fetch_arm64_deb() {
  local pkg=$1 dir=$2
  apt_update
  say "fetching $pkg:arm64 (unpacked into $dir, not installed)"
  rm -rf "$dir" "$DEPS/dl-$pkg" && mkdir -p "$DEPS/dl-$pkg"
  (cd "$DEPS/dl-$pkg" && apt-get download -q "$pkg:arm64" >/dev/null 2>&1) \
    || die "apt-get download $pkg:arm64 failed"
  dpkg -x "$DEPS/dl-$pkg"/*.deb "$dir"
  rm -rf "$DEPS/dl-$pkg"
}

# libfdt for the nucleus: Debian's arm64 static library and headers.  It
# cannot be installed: libfdt-dev:arm64 conflicts with the host's libfdt-dev,
# which the host unit tests link.
fetch_libfdt() {
  [ -f "$DEPS/libfdt/usr/lib/aarch64-linux-gnu/libfdt.a" ] && return 0
  fetch_arm64_deb libfdt-dev "$DEPS/libfdt"
  [ -f "$DEPS/libfdt/usr/lib/aarch64-linux-gnu/libfdt.a" ] || die "libfdt-dev:arm64 has no libfdt.a"
}

fetch_busybox() {
  [ -x "$DEPS/busybox-static/bin/busybox" ] && return 0
  fetch_arm64_deb busybox-static "$DEPS/busybox-static"
  [ -x "$DEPS/busybox-static/bin/busybox" ] || die "busybox-static package has no bin/busybox"
}

# The reference Linux for make bench: the kernel image of Debian's
# linux-image-cloud-arm64 (the current version the metapackage names),
# kept as $DEPS/linux/Image.
fetch_linux() {
  local pkg
  [ -f "$DEPS/linux/Image" ] && return 0
  mkdir -p "$DEPS/linux"
  apt_update
  pkg=$(apt-cache depends linux-image-cloud-arm64:arm64 2>/dev/null |
        awk '/Depends: linux-image-/ { sub(/:arm64$/, "", $2); print $2; exit }')
  [ -n "$pkg" ] || die "no linux-image-cloud-arm64:arm64 in the archive (is the arm64 architecture enabled?)"
  fetch_arm64_deb "$pkg" "$DEPS/linux/pkg"
  cp "$DEPS/linux/pkg"/boot/vmlinuz-* "$DEPS/linux/Image" || die "$pkg has no boot/vmlinuz"
  rm -rf "$DEPS/linux/pkg"
}

command -v apt-get >/dev/null || die "this is not a Debian machine (no apt-get); install the packages listed in tools/deps.sh by hand"
ensure_arm64_arch
if [ "$WHAT" = linux ]; then
  fetch_linux
  say "the reference Linux is present"
  exit 0
fi
install_missing_packages
fetch_libfdt
fetch_busybox
command -v aarch64-linux-musl-gcc >/dev/null || die "aarch64-linux-musl-gcc is missing although musl-dev:arm64 is installed"
say "all dependencies present"
