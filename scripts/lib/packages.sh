# shellcheck shell=bash
# Installs the Debian 12 packages govsync builds, tests and runs with.

GOVSYNC_BUILD_PACKAGES=(
  g++ cmake ninja-build pkg-config
  libpoco-dev libpq-dev libsqlite3-dev libboost-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev zlib1g-dev libc-ares-dev
)
GOVSYNC_TEST_PACKAGES=(postgresql sqlite3 dnsmasq-base clang libclang-rt-14-dev prometheus)
# Building and checking the Debian packages (scripts/test-packages).
GOVSYNC_PACKAGING_PACKAGES=(debhelper dpkg-dev fakeroot lintian systemd adduser sqlite3)

# install_packages NAME...: apt-get installs whichever are missing (needs root).
install_packages() {
  local missing=()
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "govsync: missing packages: ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}" >&2
    return 1
  fi
  echo "==> installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
