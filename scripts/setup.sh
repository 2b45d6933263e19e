#!/usr/bin/env bash
# Everything hezuo needs on a fresh machine: the Debian packages some parts use (installed when
# running as root, otherwise named in a clear message), the virtualenv .venv with the Python
# dependencies, and the compiled translations. Safe to run again; it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: command that must exist -> package that provides it.
declare -A NEEDED=(
  [msgfmt]=gettext                 # compiling the translations
  [soffice]=libreoffice-calc-nogui # Excel files to PDF; tests open generated workbooks
  [fc-list]=fontconfig
  [chromium]=chromium              # browser tests (driven by Playwright, never downloaded)
  [pdftotext]=poppler-utils        # tests read binders' text layer and render their pages
  [qpdf]=qpdf                      # tests check binders; the binder benchmark's baseline
  [systemd-analyze]=systemd        # tests verify the units of deploy/systemd
  [gcc]=gcc                        # python-ldap is built against Debian's OpenLDAP
)
# Checked by file, not by command: Chinese text in generated documents needs CJK fonts, and
# evidence conversion needs LibreOffice's Word and PowerPoint parts beside Calc.
declare -A NEEDED_FILES=(
  [/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]=fonts-noto-cjk
  [/usr/lib/libreoffice/program/libswlo.so]=libreoffice-writer-nogui
  [/usr/lib/libreoffice/program/libsdlo.so]=libreoffice-impress-nogui
  [/usr/include/ldap.h]=libldap2-dev       # building python-ldap (campus sign-in, LDAP)
  [/usr/include/sasl/sasl.h]=libsasl2-dev
  [/usr/sbin/slapd]=slapd                  # the LDAP directory tests sign in against
)

missing=()
for file in "${!NEEDED_FILES[@]}"; do
  [[ -e $file ]] || missing+=("${NEEDED_FILES[$file]}")
done
for command in "${!NEEDED[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${NEEDED[$command]}")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: hezuo needs these Debian packages: ${missing[*]}" >&2
    echo "setup: install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: hezuo needs Python 3.11 or newer; $python is $("$python" --version 2>&1)." >&2
  exit 1
fi

# The Python dependencies come from the development lock (decision 0014): exact versions, each
# file checked against its hash; hezuo itself is installed editable on top, without dependencies
# of its own and built by the locked setuptools. Done again whenever the lock or pyproject.toml
# changes.
stamp=.venv/.installed
lock=requirements/development.txt
if [[ ! -x .venv/bin/python ]]; then
  echo "setup: creating .venv"
  "$python" -m venv .venv
fi
if [[ ! -f $stamp || $lock -nt $stamp || pyproject.toml -nt $stamp ]]; then
  echo "setup: installing Python dependencies from $lock"
  pip=(.venv/bin/python -m pip --quiet --disable-pip-version-check)
  "${pip[@]}" install --require-hashes -r "$lock"
  "${pip[@]}" install --no-deps --no-build-isolation -e .
  # A dependency added to pyproject.toml but not yet locked is missing now: say so here, not
  # as an ImportError later.
  if ! problems=$(.venv/bin/python -m pip check); then
    echo "$problems" >&2
    echo "setup: $lock does not hold every dependency of pyproject.toml: run make lock" >&2
    exit 1
  fi
  touch "$stamp"
fi

# Translations are compiled here, not kept in git.
.venv/bin/hezuo manage compilemessages --ignore=.venv --verbosity=0
