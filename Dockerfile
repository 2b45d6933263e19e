# syntax=docker/dockerfile:1
# hezuo's image (docs/deploy.md): one image for the web server, the workers and the upgrade.
#   docker build -t hezuo .
#   docker run … hezuo                      `hezuo serve` on port 8000 (the default command)
#   docker run … hezuo worker --no-reload   a background worker
#   docker run … hezuo upgrade              migrate, collect static files, check the file store
# Settings come from the environment (.env.example); data lives in the volume /var/lib/hezuo.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PATH=/opt/hezuo/.venv/bin:$PATH \
    HEZUO_VAR_DIR=/var/lib/hezuo

# What hezuo calls at run time, as scripts/install.sh installs it on a server: LibreOffice's
# Writer, Calc and Impress for Office files → PDF, the Noto CJK fonts generated documents are
# set in, gettext for `hezuo upgrade` (compilemessages), the PostgreSQL client for backups; and
# tini, which passes signals on and reaps LibreOffice's helper processes. Debian's security
# updates replace package versions, so they are not pinned here; the Python packages are.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libreoffice-writer-nogui \
        libreoffice-calc-nogui \
        libreoffice-impress-nogui \
        fonts-noto-cjk \
        gettext \
        postgresql-client \
        libldap-2.5-0 \
        libsasl2-2 \
        tini \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 hezuo \
    && useradd --system --uid 10001 --gid hezuo --no-log-init --home-dir /var/lib/hezuo \
        --no-create-home --shell /usr/sbin/nologin hezuo \
    && install -d -o hezuo -g hezuo -m 0750 /var/lib/hezuo

WORKDIR /opt/hezuo

# The pinned dependencies first (decision 0014), so a change of hezuo's code reuses this layer.
# python-ldap (campus sign-in with a directory's password) is built against Debian's OpenLDAP
# here; the compiler and headers leave with the layer's end, the libraries above stay.
COPY requirements/production.txt requirements/production.txt
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev libldap2-dev libsasl2-dev \
    && python -m venv .venv \
    && .venv/bin/python -m pip install --require-hashes -r requirements/production.txt \
    && apt-get purge -y --auto-remove gcc libc6-dev libldap2-dev libsasl2-dev \
    && rm -rf /var/lib/apt/lists/*

# hezuo itself, in place: its templates, static files and translations are read from this tree,
# which the running user cannot change (so its bytecode and translations are compiled here).
COPY . .
RUN .venv/bin/python -m pip install --no-deps --no-build-isolation -e . \
    && .venv/bin/python -m compileall -q hezuo config \
    && find locale -name '*.po' -exec sh -c 'for po; do msgfmt --check-format -o "${po%.po}.mo" "$po" || exit 1; done' _ {} +

# The user hezuo (by number, so that the host and Kubernetes know it is not root).
USER 10001:10001
VOLUME ["/var/lib/hezuo"]
EXPOSE 8000

# /healthz answers as soon as gunicorn does; /readyz (database, store, workers) is for monitoring.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "/opt/hezuo/deploy/container/healthcheck.py"]

ENTRYPOINT ["/usr/bin/tini", "--", "hezuo"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
