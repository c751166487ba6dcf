#!/usr/bin/env bash
# vagrant/jupyter-service.sh - what the nflab-jupyter service runs (installed as
# /usr/local/lib/nflab/jupyter-service by vagrant/provision-kit.sh): Jupyter's classic notebook
# server on the kit's notebooks, as root (the notebooks' live cells run the lab), on all of the
# machine's addresses (a VM's forwarded port arrives on its NAT address), with the token kept in
# /var/lib/nflab/jupyter.token. Before starting it writes the URL the learner opens, as reached
# through the forwarded port, to /var/lib/nflab/jupyter.url (what `./nflab vm jupyter` prints).
#
# Environment (from /var/lib/nflab/jupyter.env): NFLAB_CHECKOUT, NFLAB_JUPYTER_PORT (the port it
# listens on), NFLAB_JUPYTER_URL_PORT (the port in the URL: the laptop's side of the forwarding).
set -euo pipefail
case ${1:-} in -h|--help) sed -n '2,10p' "$0"; exit 0 ;; esac
state=/var/lib/nflab
checkout=${NFLAB_CHECKOUT:?NFLAB_CHECKOUT is not set (see /var/lib/nflab/jupyter.env)}
port=${NFLAB_JUPYTER_PORT:-8888}
url_port=${NFLAB_JUPYTER_URL_PORT:-$port}
# a synced folder is mounted after boot: wait for it a while, then fail (systemd starts us again)
for _ in $(seq 1 30); do [ -d "$checkout/notebooks" ] && break; sleep 1; done
[ -d "$checkout/notebooks" ] || { echo "jupyter-service: $checkout/notebooks is not there (yet)" >&2; exit 1; }
token=$(cat "$state/jupyter.token")
echo "http://127.0.0.1:$url_port/tree?token=$token" > "$state/jupyter.url.tmp"
mv "$state/jupyter.url.tmp" "$state/jupyter.url"
cd "$checkout/notebooks"
exec /usr/bin/jupyter-notebook --no-browser --allow-root --ip=0.0.0.0 --port="$port" \
  --port-retries=0 --notebook-dir="$checkout/notebooks" \
  --NotebookApp.token="$token" --NotebookApp.allow_remote_access=True
