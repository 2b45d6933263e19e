#!/usr/bin/env bash
# hezuo on a school's server without containers (docs/deploy.md), from this folder — a release
# unpacked or a git checkout, usually /opt/hezuo. Run as root; run again after every update of
# the code (then restart the services, docs/deploy.md). It
#   1. installs the Debian packages hezuo calls at run time (LibreOffice's Writer, Calc and
#      Impress for Office → PDF, the Noto CJK fonts, gettext, the PostgreSQL client for
#      backups) — not the browser and tools only the tests use;
#   2. creates the virtualenv .venv from requirements/production.txt (exact versions, every file
#      checked against its hash; decision 0014) and installs hezuo in place (its templates,
#      static files and translations are read from this folder), compiles its bytecode, then
#      the translations;
#   3. creates the system user hezuo, its data folder /var/lib/hezuo and /var/backups/hezuo,
#      and /etc/hezuo/hezuo.env (from .env.example, with a new secret key) unless it exists;
#   4. installs the systemd units of deploy/systemd and the command /usr/local/bin/hezuo, which
#      runs hezuo as the services do (their user, their settings).
# It starts nothing: docs/deploy.md says what to enable.
#
#   scripts/install.sh            everything above
#   scripts/install.sh --venv     step 2 only, into HEZUO_VENV (default: .venv in this folder)
set -euo pipefail
cd "$(dirname "$0")/.."
app=$(pwd -P)
venv=${HEZUO_VENV:-$app/.venv}
python=${PYTHON:-python3}
user=hezuo
config=/etc/hezuo/hezuo.env
var=/var/lib/hezuo
backups=/var/backups/hezuo

say() { echo "install: $*"; }

# What hezuo calls at run time (the Dockerfile installs the same, and tini).
PACKAGES=(
  libreoffice-writer-nogui
  libreoffice-calc-nogui
  libreoffice-impress-nogui
  fonts-noto-cjk
  gettext
  postgresql-client
  libldap-2.5-0
  libsasl2-2
  python3-venv
)
# What building python-ldap needs (campus sign-in with a directory's password, built against
# Debian's OpenLDAP when the virtualenv is made).
BUILD_PACKAGES=(
  gcc
  python3-dev
  libldap2-dev
  libsasl2-dev
)

install_packages() {
  say "Debian packages: ${PACKAGES[*]} ${BUILD_PACKAGES[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${PACKAGES[@]}" "${BUILD_PACKAGES[@]}" >/dev/null
}

install_venv() {
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "install: hezuo needs Python 3.11 or newer; $python is $("$python" --version 2>&1)." >&2
    exit 1
  fi
  if [[ ! -x $venv/bin/python ]]; then
    say "creating the virtualenv $venv"
    "$python" -m venv "$venv"
  fi
  say "Python packages from requirements/production.txt"
  local pip=("$venv/bin/python" -m pip --quiet --disable-pip-version-check)
  "${pip[@]}" install --require-hashes -r requirements/production.txt
  "${pip[@]}" install --no-deps --no-build-isolation -e .
  if ! "$venv/bin/python" -m pip check >/dev/null; then
    "$venv/bin/python" -m pip check >&2 || true
    echo "install: requirements/production.txt lacks a dependency of pyproject.toml" >&2
    exit 1
  fi
  # hezuo's bytecode, compiled here: the services' user cannot write into this folder, and
  # compiling the code at every start of a command or worker costs half a second.
  "$venv/bin/python" -m compileall -q "$app/hezuo" "$app/config"
  # Compiled here, by root: the services may not write to this folder.
  say "translations"
  find locale -name '*.po' -exec sh -c 'for po; do msgfmt --check-format -o "${po%.po}.mo" "$po" || exit 1; done' _ {} +
}

create_user_and_folders() {
  if ! id -u "$user" >/dev/null 2>&1; then
    say "system user $user"
    adduser --system --group --home "$var" --no-create-home --shell /usr/sbin/nologin \
      --quiet "$user"
  fi
  install -d -o "$user" -g "$user" -m 0750 "$var" "$backups"
  if [[ ! -f $config ]]; then
    say "settings $config (edit it before starting hezuo)"
    install -d -m 0755 "$(dirname "$config")"
    local key
    key=$("$venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
    sed -e "s#^HEZUO_VAR_DIR=.*#HEZUO_VAR_DIR=$var#" \
      -e "s#^HEZUO_SECRET_KEY=.*#HEZUO_SECRET_KEY=$key#" \
      .env.example >"$config.new"
    chown "root:$user" "$config.new"
    chmod 0640 "$config.new"
    mv "$config.new" "$config"
  fi
}

install_units() {
  say "systemd units and /usr/local/bin/hezuo"
  local unit
  for unit in deploy/systemd/*.service deploy/systemd/*.timer; do
    sed -e "s#/opt/hezuo/.venv#$venv#g" -e "s#/opt/hezuo#$app#g" "$unit" \
      >"/etc/systemd/system/$(basename "$unit")"
  done
  sed -e "s#/opt/hezuo/.venv#$venv#g" deploy/systemd/hezuo >/usr/local/bin/hezuo
  chmod 0755 /usr/local/bin/hezuo
  if [[ -d /run/systemd/system ]]; then
    systemctl daemon-reload
  fi
}

if [[ ${1:-} == --venv ]]; then
  install_venv
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install: run as root (sudo scripts/install.sh), or scripts/install.sh --venv" >&2
  exit 1
fi
install_packages
install_venv
create_user_and_folders
install_units
say "done; next: docs/deploy.md (edit $config, then systemctl enable --now hezuo-web …)"
